using System.Text.Json;
using Viggotech.Testing.Identity;

namespace Viggotech.Api.Tests.Audit;

/// <summary>Reads a tenant's whole trail through the pull feed, as a SIEM would.</summary>
internal static class AuditFeed
{
    public static async Task<List<JsonElement>> EventsAsync(this ApiSession session, string accessToken)
    {
        var events = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var response = await session.SendAsync(HttpMethod.Get, $"/api/audit/events?after={after}&limit=1000", accessToken);
            response.EnsureSuccessStatusCode();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var batch = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").Clone()).ToList();
            if (batch.Count == 0)
            {
                return events;
            }

            events.AddRange(batch);
            after = page.GetProperty("next").GetInt64();
        }
    }

    public static IEnumerable<JsonElement> Action(this IEnumerable<JsonElement> events, string action) =>
        events.Where(e => e.GetProperty("action").GetString() == action);

    public static string? Text(this JsonElement auditEvent, string member) =>
        auditEvent.GetProperty(member).ValueKind == JsonValueKind.Null ? null : auditEvent.GetProperty(member).GetString();

    public static string ActorId(this JsonElement auditEvent) => auditEvent.GetProperty("actor").GetProperty("id").GetString()!;

    public static string? Detail(this JsonElement auditEvent, string name) =>
        auditEvent.GetProperty("details").TryGetProperty(name, out var value) ? value.GetString() : null;
}
