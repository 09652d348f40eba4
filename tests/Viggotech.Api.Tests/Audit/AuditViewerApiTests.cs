using System.Net;
using System.Text.Json;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Audit;

[Collection(PlatformCollection.Name)]
public sealed class AuditViewerApiTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task The_viewer_filters_by_actor_action_target_result_ip_and_time_and_pages_newest_first()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var attacker = accounts.NewSession();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await accounts.SignInAsync(attacker, account.Email, "wrong-" + attempt);
        }

        var failures = await SearchAsync(owner, tokens.AccessToken, $"action=user.signin&result=failure&ip={attacker.SourceAddress}");
        Assert.Equal(3, failures.Count);
        Assert.All(failures, e => Assert.Equal(account.Email, e.GetProperty("actorName").GetString()));
        var seqs = failures.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.OrderDescending(), seqs);

        var ownerId = failures[0].GetProperty("actorId").GetString()!;
        Assert.Equal(3, (await SearchAsync(owner, tokens.AccessToken, $"actor={Uri.EscapeDataString(account.Email)}&result=failure")).Count);
        Assert.Equal(3, (await SearchAsync(owner, tokens.AccessToken, $"actor={ownerId}&result=failure")).Count);
        Assert.Empty(await SearchAsync(owner, tokens.AccessToken, $"action=user.signin&result=failure&ip=203.0.113.9"));
        Assert.All(await SearchAsync(owner, tokens.AccessToken, "action=user.*"), e => Assert.StartsWith("user.", e.GetProperty("action").GetString(), StringComparison.Ordinal));
        Assert.NotEmpty(await SearchAsync(owner, tokens.AccessToken, $"target={ownerId}&from={Uri.EscapeDataString(start.ToString("O"))}"));
        Assert.Empty(await SearchAsync(owner, tokens.AccessToken, $"target={ownerId}&to={Uri.EscapeDataString(start.ToString("O"))}"));

        // Keyset paging: one event per page, each older than the last, until the end.
        var paged = new List<long>();
        string? before = null;
        do
        {
            var response = await owner.SendAsync(HttpMethod.Get, $"/api/audit/search?action=user.signin&result=failure&limit=1{(before is null ? "" : "&before=" + before)}", tokens.AccessToken);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            paged.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
            before = page.GetProperty("before").ValueKind == JsonValueKind.Null ? null : page.GetProperty("before").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (before is not null);
        Assert.Equal(seqs, paged);
    }

    [Fact]
    public async Task Bad_filters_are_refused_with_field_errors()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var response = await owner.SendAsync(HttpMethod.Get,
            "/api/audit/search?result=maybe&ip=999.1.1.1&from=yesterday&action=User%20SignIn&limit=5000&before=-3", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out JsonElement _));
        Assert.True(errors.TryGetProperty("before", out JsonElement _));

        var filters = await owner.SendAsync(HttpMethod.Get, "/api/audit/search?result=maybe&ip=999.1.1.1&action=User%20SignIn&limit=5000", tokens.AccessToken);
        var fields = JsonDocument.Parse(await filters.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        foreach (var field in new[] { "result", "ip", "action", "limit" })
        {
            Assert.True(fields.TryGetProperty(field, out JsonElement _), field);
        }

        var range = await owner.SendAsync(HttpMethod.Get, "/api/audit/search?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", tokens.AccessToken);
        Assert.True(JsonDocument.Parse(await range.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("to", out JsonElement _));
    }

    [Fact]
    public async Task The_viewer_shows_only_the_callers_tenant_and_needs_audit_read()
    {
        var (first, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var __ = other;
        var (member, memberTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var ___ = member;

        var mine = await SearchAsync(owner, tokens.AccessToken, "limit=200");
        var theirs = await SearchAsync(other, otherTokens.AccessToken, "limit=200");
        Assert.Contains(mine, e => e.GetProperty("actorName").GetString() == first.Email);
        Assert.DoesNotContain(theirs, e => e.GetProperty("actorName").GetString() == first.Email);
        var myUsers = mine.Select(e => e.GetProperty("actorId").GetString()).Where(id => Guid.TryParse(id, out Guid _)).ToHashSet();
        Assert.NotEmpty(myUsers);
        Assert.DoesNotContain(theirs, e => myUsers.Contains(e.GetProperty("actorId").GetString()));
        // Asking for the first tenant's actor by email from the second finds nothing.
        Assert.Empty(await SearchAsync(other, otherTokens.AccessToken, $"actor={Uri.EscapeDataString(first.Email)}"));

        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/audit/search", memberTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await accounts.NewSession().Http.GetAsync("/api/audit/search")).StatusCode);
    }

    [Fact]
    public async Task Retention_is_read_with_audit_read_and_changed_within_bounds_by_policy_managers_only()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (auditor, auditorTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Auditor);
        using var __ = auditor;

        var initial = JsonDocument.Parse(await (await auditor.SendAsync(HttpMethod.Get, "/api/audit/retention", auditorTokens.AccessToken)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(365, initial.GetProperty("retentionDays").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(HttpMethod.Put, "/api/audit/retention", auditorTokens.AccessToken, new { retentionDays = 90 })).StatusCode);

        foreach (var days in new[] { 89, 3654 })
        {
            var refused = await owner.SendAsync(HttpMethod.Put, "/api/audit/retention", tokens.AccessToken, new { retentionDays = days });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("retentionDays", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, "/api/audit/retention", tokens.AccessToken, new { retentionDays = 3653 })).StatusCode);
        var changed = JsonDocument.Parse(await (await auditor.SendAsync(HttpMethod.Get, "/api/audit/retention", auditorTokens.AccessToken)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3653, changed.GetProperty("retentionDays").GetInt32());
        var recorded = Assert.Single(await owner.EventsAsync(tokens.AccessToken), e => e.GetProperty("action").GetString() == AuditActions.AuditRetentionChange);
        Assert.Equal(("365", "3653"), (recorded.Detail("from"), recorded.Detail("to")));
    }

    internal static async Task<List<JsonElement>> SearchAsync(ApiSession session, string token, string query)
    {
        var response = await session.SendAsync(HttpMethod.Get, "/api/audit/search?" + query, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
