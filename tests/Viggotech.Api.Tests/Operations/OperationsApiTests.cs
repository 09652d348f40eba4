using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Testing;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Operations;

/// <summary>
/// The operator Api: only an account on the operator list, signed in with a second factor, reads
/// operator alerts and drill reports and acknowledges alerts. A tenant's owner is refused, and so
/// is the operator's own password-only session.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OperationsApiTests(PlatformFixture platform)
{
    private static readonly string[] OperatorEndpoints = ["GET /api/operations/alerts", "GET /api/operations/drills", "POST /api/operations/alerts/1/acknowledge"];
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Only_a_listed_operator_signed_in_with_a_second_factor_reads_and_acknowledges_operator_alerts_and_drill_reports()
    {
        // The operator's first session used a password only.
        using var first = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(first, email: PlatformFixture.OperatorEmail);
        var passwordOnly = await accounts.AuthorizeAsync(first);
        foreach (var endpoint in OperatorEndpoints)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(first, endpoint, passwordOnly.AccessToken)).StatusCode);
        }

        Assert.False(await IsOperatorAsync(first, passwordOnly.AccessToken));
        var (secret, _) = await first.EnableTotpAsync(passwordOnly.AccessToken);

        // A tenant owner with a second factor, not on the list.
        var (ownerAccount, ownerFirst, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerFirstSession = ownerFirst;
        var (ownerSecret, _) = await ownerFirst.EnableTotpAsync(ownerTokens.AccessToken);
        using var owner = accounts.NewSession();
        var ownerMfa = await SignInWithCodeAsync(owner, ownerAccount, ownerSecret);

        using var second = accounts.NewSession();
        var operatorTokens = await SignInWithCodeAsync(second, account, secret);
        Assert.True(await IsOperatorAsync(second, operatorTokens.AccessToken));

        // An alert and a drill report, as the Worker and the drill write them.
        var subject = $"backup {Guid.NewGuid():D}";
        await using (var db = await platform.AdminConnectionAsync())
        {
            await db.ExecuteAsync("insert into platform.operator_alerts (kind, concerns_tenant_id, subject, message) values ('backup.verification_failed', $1, $2, 'row counts differ')",
                account.TenantId, subject);
            await db.ExecuteAsync("""
                insert into platform.drill_reports (id, kind, from_region, to_region, started_at, finished_at, acknowledged_writes, lost_writes, recovery_ms, succeeded, steps)
                values ($1, 'crash', 'region A', 'region B', now(), now(), 1200, 0, 1140, true, '[{"name":"Promote region B","startedAt":"2026-11-27T10:00:00Z","durationMs":800,"succeeded":true,"detail":null}]')
                """, Guid.NewGuid());
        }

        var alerts = await ReadAsync(second, "/api/operations/alerts", operatorTokens.AccessToken);
        var alert = alerts.EnumerateArray().Single(a => a.GetProperty("subject").GetString() == subject);
        Assert.Equal("row counts differ", alert.GetProperty("message").GetString());
        var drills = await ReadAsync(second, "/api/operations/drills", operatorTokens.AccessToken);
        Assert.Contains(drills.EnumerateArray(), d => d.GetProperty("recoveryMs").GetInt64() == 1140
            && d.GetProperty("steps")[0].GetProperty("name").GetString() == "Promote region B");

        // The owner of a tenant, even the one the alert concerns, is not an operator.
        Assert.False(await IsOperatorAsync(owner, ownerMfa.AccessToken));
        var id = alert.GetProperty("id").GetInt64();
        foreach (var endpoint in OperatorEndpoints.Select(e => e.Replace("/1/", $"/{id}/", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(owner, endpoint, ownerMfa.AccessToken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(second, $"POST /api/operations/alerts/{id}/acknowledge", operatorTokens.AccessToken)).StatusCode);
        var again = await SendAsync(second, $"POST /api/operations/alerts/{id}/acknowledge", operatorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain((await ReadAsync(second, "/api/operations/alerts", operatorTokens.AccessToken)).EnumerateArray(),
            a => a.GetProperty("id").GetInt64() == id);
        await using (var db = await platform.AdminConnectionAsync())
        {
            Assert.Equal(account.Email, await db.ScalarAsync<string>("select acknowledged_by from platform.operator_alerts where id = $1", id));
        }
    }

    private async Task<TokenSet> SignInWithCodeAsync(ApiSession session, TestAccount account, string secret)
    {
        await accounts.SignInAsync(session, account.Email, account.Password);
        var accepted = await session.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = ApiCalls.NextCode(secret) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        return await accounts.AuthorizeAsync(session);
    }

    private static async Task<bool> IsOperatorAsync(ApiSession session, string token) =>
        (await ReadAsync(session, "/api/account/access", token)).GetProperty("operator").GetBoolean();

    private static async Task<JsonElement> ReadAsync(ApiSession session, string path, string token)
    {
        var response = await session.SendAsync(HttpMethod.Get, path, token);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> SendAsync(ApiSession session, string endpoint, string token) =>
        endpoint.Split(' ') is [var method, var path]
            ? session.SendAsync(new HttpMethod(method), path, token)
            : throw new ArgumentException(endpoint, nameof(endpoint));
}
