using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

/// <summary>People, documents and audit calls as the portal makes them, and raw database access for tampering.</summary>
internal static class WorkspaceCalls
{
    public static async Task<JsonElement> CreatePersonAsync(this ApiSession session, string token, object person)
    {
        var response = await session.SendAsync(HttpMethod.Post, "/api/people", token, person);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this ApiSession session, string token, string name, byte[] content, string contentType = "application/pdf", bool declareLength = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents?name={Uri.EscapeDataString(name)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpContent body = declareLength ? new ByteArrayContent(content) : new StreamContent(new UnknownLengthStream(content));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Content = body;
        return await session.Http.SendAsync(request);
    }

    /// <summary>Every audit action recorded so far in the token's tenant, oldest first.</summary>
    public static async Task<List<string>> AuditActionsAsync(this ApiSession session, string token)
    {
        var response = await session.SendAsync(HttpMethod.Get, "/api/audit/events?limit=1000", token);
        response.EnsureSuccessStatusCode();
        var feed = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. feed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetProperty("action").GetString()!)];
    }

    /// <summary>A body without Content-Length (sent chunked), so the server only learns the size by reading.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
