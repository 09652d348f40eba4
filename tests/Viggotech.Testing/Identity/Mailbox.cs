using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Viggotech.Testing.Identity;

/// <summary>Reads what the platform sent through smtp4dev's REST API (the <c>mail</c> resource's http endpoint).</summary>
public sealed partial class Mailbox(Uri mailWeb)
{
    private static readonly HttpClient Http = new();

    /// <summary>Waits for the newest message to <paramref name="to"/> whose subject contains <paramref name="subject"/> and returns its plain text.</summary>
    public async Task<string> WaitForTextAsync(string to, string subject, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = await Http.GetFromJsonAsync<JsonElement>(new Uri(mailWeb, "/api/Messages?pageSize=500"));
            var list = messages.ValueKind == JsonValueKind.Array ? messages : messages.GetProperty("results");
            var match = list.EnumerateArray()
                .Where(m => m.GetProperty("to").ToString().Contains(to, StringComparison.OrdinalIgnoreCase)
                            && m.GetProperty("subject").GetString()!.Contains(subject, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.GetProperty("receivedDate").GetDateTimeOffset())
                .Select(m => m.GetProperty("id").GetString())
                .FirstOrDefault();
            if (match is not null)
            {
                return await Http.GetStringAsync(new Uri(mailWeb, $"/api/Messages/{match}/plaintext"));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail '{subject}' arrived for {to}.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>How many messages to <paramref name="to"/> have a subject containing <paramref name="subject"/>.</summary>
    public async Task<int> CountAsync(string to, string subject)
    {
        var messages = await Http.GetFromJsonAsync<JsonElement>(new Uri(mailWeb, "/api/Messages?pageSize=500"));
        var list = messages.ValueKind == JsonValueKind.Array ? messages : messages.GetProperty("results");
        return list.EnumerateArray().Count(m => m.GetProperty("to").ToString().Contains(to, StringComparison.OrdinalIgnoreCase)
                                                && m.GetProperty("subject").GetString()!.Contains(subject, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<Uri> WaitForLinkAsync(string to, string subject, TimeSpan? timeout = null) =>
        new(LinkPattern().Match(await WaitForTextAsync(to, subject, timeout)).Value);

    public async Task<string> HtmlAsync(string to, string subject)
    {
        await WaitForTextAsync(to, subject);
        var messages = await Http.GetFromJsonAsync<JsonElement>(new Uri(mailWeb, "/api/Messages?pageSize=500"));
        var list = messages.ValueKind == JsonValueKind.Array ? messages : messages.GetProperty("results");
        var id = list.EnumerateArray().Last(m => m.GetProperty("to").ToString().Contains(to, StringComparison.OrdinalIgnoreCase)).GetProperty("id").GetString();
        return await Http.GetStringAsync(new Uri(mailWeb, $"/api/Messages/{id}/html"));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
