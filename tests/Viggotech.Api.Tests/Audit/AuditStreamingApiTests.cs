using System.Net;
using System.Text.Json;
using Npgsql;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Audit;

[Collection(PlatformCollection.Name)]
public sealed class AuditStreamingApiTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task A_webhook_is_created_with_its_secret_shown_once_then_changed_disabled_and_deleted()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var created = await owner.SendAsync(HttpMethod.Post, "/api/audit/webhooks", tokens.AccessToken, new { url = "https://siem.example.com/viggotech" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(43, body.GetProperty("secret").GetString()!.Length);

        var listed = await owner.SendAsync(HttpMethod.Get, "/api/audit/webhooks", tokens.AccessToken);
        var list = await listed.Content.ReadAsStringAsync();
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", list, StringComparison.OrdinalIgnoreCase);

        var moved = await owner.SendAsync(HttpMethod.Put, $"/api/audit/webhooks/{id}", tokens.AccessToken, new { url = "https://logs.example.org/in", enabled = false });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var status = JsonDocument.Parse(await moved.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("https://logs.example.org/in", false), (status.GetProperty("url").GetString(), status.GetProperty("enabled").GetBoolean()));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/audit/webhooks/{id}", tokens.AccessToken)).StatusCode);
        Assert.Equal("[]", await (await owner.SendAsync(HttpMethod.Get, "/api/audit/webhooks", tokens.AccessToken)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Delete, $"/api/audit/webhooks/{id}", tokens.AccessToken)).StatusCode);

        var events = await owner.EventsAsync(tokens.AccessToken);
        Assert.Equal(
            [AuditActions.AuditWebhookCreate, AuditActions.AuditWebhookUpdate, AuditActions.AuditWebhookDisable, AuditActions.AuditWebhookDelete],
            events.Select(e => e.GetProperty("action").GetString()).Where(a => a!.StartsWith("audit.webhook.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_webhook_address_that_is_not_https_or_carries_credentials_is_refused_with_a_field_error()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        foreach (var url in new[] { "ftp://siem.example.com/x", "https://user:pass@siem.example.com/x", "not a url" })
        {
            var response = await owner.SendAsync(HttpMethod.Post, "/api/audit/webhooks", tokens.AccessToken, new { url });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("url", out JsonElement _), url);
        }
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_retry_resumes_delivery_from_the_refused_batch()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var created = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Post, "/api/audit/webhooks", tokens.AccessToken,
            new { url = "https://siem.example.com/viggotech" })).Content.ReadAsStringAsync()).RootElement;
        var id = Guid.Parse(created.GetProperty("id").GetString()!);
        // What the delivery job leaves after the receiver refused a batch ten times.
        await SuspendWithDeadLetterAsync(account.TenantId, id);

        var letters = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Get, $"/api/audit/webhooks/{id}/dead-letters", tokens.AccessToken)).Content.ReadAsStringAsync()).RootElement;
        var letter = Assert.Single(letters.EnumerateArray());
        Assert.Equal((3, 7, "HTTP 503"), (letter.GetProperty("firstSeq").GetInt64(), letter.GetProperty("lastSeq").GetInt64(), letter.GetProperty("lastError").GetString()));
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("resumedAt").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Post, $"/api/audit/webhooks/{id}/retry", tokens.AccessToken)).StatusCode);
        var status = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Get, "/api/audit/webhooks", tokens.AccessToken)).Content.ReadAsStringAsync()).RootElement[0];
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("suspendedAt").ValueKind);
        Assert.Equal(2, status.GetProperty("deliveredThrough").GetInt64());
        var resumed = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Get, $"/api/audit/webhooks/{id}/dead-letters", tokens.AccessToken)).Content.ReadAsStringAsync()).RootElement;
        Assert.NotEqual(JsonValueKind.Null, resumed[0].GetProperty("resumedAt").ValueKind);
    }

    [Fact]
    public async Task Another_tenant_and_roles_without_audit_export_cannot_see_or_change_a_webhook()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var created = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Post, "/api/audit/webhooks", tokens.AccessToken,
            new { url = "https://siem.example.com/viggotech" })).Content.ReadAsStringAsync()).RootElement;
        var id = created.GetProperty("id").GetString()!;

        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var __ = other;
        Assert.Equal("[]", await (await other.SendAsync(HttpMethod.Get, "/api/audit/webhooks", otherTokens.AccessToken)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, $"/api/audit/webhooks/{id}", otherTokens.AccessToken, new { url = "https://evil.example.net/" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/api/audit/webhooks/{id}", otherTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/audit/webhooks/{id}/dead-letters", otherTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Post, $"/api/audit/webhooks/{id}/retry", otherTokens.AccessToken)).StatusCode);

        foreach (var role in new[] { UserRoles.Member, UserRoles.ReadOnly })
        {
            var (user, userTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, role);
            using var ___ = user;
            Assert.Equal(HttpStatusCode.Forbidden, (await user.SendAsync(HttpMethod.Get, "/api/audit/webhooks", userTokens.AccessToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await user.SendAsync(HttpMethod.Post, "/api/audit/webhooks", userTokens.AccessToken, new { url = "https://evil.example.net/" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await user.SendAsync(HttpMethod.Delete, $"/api/audit/webhooks/{id}", userTokens.AccessToken)).StatusCode);
        }

        var list = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Get, "/api/audit/webhooks", tokens.AccessToken)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://siem.example.com/viggotech", Assert.Single(list.EnumerateArray()).GetProperty("url").GetString());
    }

    private async Task SuspendWithDeadLetterAsync(Guid tenantId, Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync("viggotech"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select set_config('app.tenant_id', @tenant::text, false);
            update audit_webhooks set enabled = false, delivered_through = 2, failures = 10, suspended_at = now(), last_error = 'HTTP 503' where id = @webhook;
            insert into audit_webhook_dead_letters (tenant_id, id, webhook_id, first_seq, last_seq, attempts, last_error, failed_at)
            values (@tenant, gen_random_uuid(), @webhook, 3, 7, 10, 'HTTP 503', now());
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("webhook", webhookId);
        await command.ExecuteNonQueryAsync();
    }
}
