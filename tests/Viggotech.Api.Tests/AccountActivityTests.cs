using System.Net;
using System.Text.Json;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

/// <summary>Sign-in monitoring: new-device emails, security alerts in the Api and by email, the admin activity view.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccountActivityTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Signing_in_from_a_new_address_emails_the_user_once()
    {
        var (account, first, _) = await accounts.OwnerWithTokensAsync();
        using var _ = first;

        using var second = accounts.NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await accounts.SignInAsync(second, account.Email, account.Password)).StatusCode);
        var text = await accounts.Mailbox.WaitForTextAsync(account.Email, "New sign-in");
        Assert.Contains(second.SourceAddress.ToString(), text, StringComparison.Ordinal);

        // The same address again is not new.
        Assert.Equal(HttpStatusCode.Redirect, (await accounts.SignInAsync(second, account.Email, account.Password)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await accounts.Mailbox.CountAsync(account.Email, "New sign-in"));
    }

    [Fact]
    public async Task Repeated_failures_against_one_account_alert_security_administrators_in_the_api_and_by_email()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        using var attacker = accounts.NewSession();

        for (var i = 0; i < 3; i++)
        {
            await accounts.SignInAsync(attacker, account.Email, "wrong password " + i);
        }

        var alerts = await AlertsAsync(owner, tokens);
        var alert = Assert.Single(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "repeated_failures_account");
        Assert.Equal(account.Email, alert.GetProperty("subject").GetString());
        Assert.DoesNotContain(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "account_locked");
        var mail = await accounts.Mailbox.WaitForTextAsync(account.Email, "Security alert: Repeated failed sign-ins to one account");
        Assert.Contains(account.Email, mail, StringComparison.Ordinal);

        var audit = await (await owner.SendAsync(HttpMethod.Get, "/api/audit/events", tokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("security_alert.repeated_failures_account", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_from_one_address_and_the_lockout_they_cause_are_alerted()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, _, memberAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, "member");
        using var __ = member;
        using var attacker = accounts.NewSession();

        for (var i = 0; i < 2; i++)
        {
            await accounts.SignInAsync(attacker, account.Email, "wrong password " + i);
        }

        for (var i = 0; i < 5; i++)
        {
            await accounts.SignInAsync(attacker, memberAccount.Email, "wrong password " + i);
        }

        var alerts = (await AlertsAsync(owner, tokens)).EnumerateArray().ToList();
        var fromAddress = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "repeated_failures_address");
        Assert.Equal(attacker.SourceAddress.ToString(), fromAddress.GetProperty("subject").GetString());
        Assert.Equal("2", fromAddress.GetProperty("details").GetProperty("accounts").GetString());
        var locked = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "account_locked");
        Assert.Equal(memberAccount.Email, locked.GetProperty("subject").GetString());
        await accounts.Mailbox.WaitForTextAsync(account.Email, "Security alert: Account locked");
        // Members cannot manage sessions or policies: they get no alert mail.
        Assert.Equal(0, await accounts.Mailbox.CountAsync(memberAccount.Email, "Security alert"));
    }

    [Fact]
    public async Task Changing_the_ip_list_and_removing_the_authenticator_app_raise_alerts()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        (await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken,
            new { mode = "report-only", ranges = new[] { new { cidr = "203.0.113.0/24", label = "Branch" } } })).EnsureSuccessStatusCode();
        await owner.EnableTotpAsync(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, "/api/account/authenticator", tokens.AccessToken)).StatusCode);

        var alerts = (await AlertsAsync(owner, tokens)).EnumerateArray().ToList();
        var ipChange = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "ip_list_changed");
        Assert.Equal("203.0.113.0/24", ipChange.GetProperty("details").GetProperty("added").GetString());
        var mfa = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "mfa_removed");
        Assert.Equal(account.Email, mfa.GetProperty("subject").GetString());
        await accounts.Mailbox.WaitForTextAsync(account.Email, "Security alert: IP restrictions changed");
        await accounts.Mailbox.WaitForTextAsync(account.Email, "Security alert: Two-step verification removed");
    }

    [Fact]
    public async Task Admins_see_any_users_sign_in_history_but_members_and_other_organisations_do_not()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, memberAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, "member");
        using var __ = member;
        using var attempt = accounts.NewSession();
        await accounts.SignInAsync(attempt, memberAccount.Email, "not the password");

        var view = await Json(await owner.SendAsync(HttpMethod.Get, "/api/activity/sign-ins", tokens.AccessToken));
        var memberId = view.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("email").GetString() == memberAccount.Email).GetProperty("id").GetGuid();
        var history = await Json(await owner.SendAsync(HttpMethod.Get, $"/api/activity/sign-ins?userId={memberId}", tokens.AccessToken));
        var signIns = history.GetProperty("signIns").EnumerateArray().ToList();
        Assert.All(signIns, e => Assert.Equal(memberAccount.Email, e.GetProperty("email").GetString()));
        Assert.Contains(signIns, e => e.GetProperty("outcome").GetString() == "failed" && e.GetProperty("ipAddress").GetString() == attempt.SourceAddress.ToString());
        Assert.Contains(signIns, e => e.GetProperty("outcome").GetString() == "succeeded" && e.GetProperty("device").GetString() == "Unknown device");

        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/activity/sign-ins", memberTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/security-alerts", memberTokens.AccessToken)).StatusCode);

        var (_, stranger, strangerTokens) = await accounts.OwnerWithTokensAsync();
        using var ___ = stranger;
        var foreign = await Json(await stranger.SendAsync(HttpMethod.Get, $"/api/activity/sign-ins?userId={memberId}", strangerTokens.AccessToken));
        Assert.Empty(foreign.GetProperty("signIns").EnumerateArray());
        Assert.DoesNotContain(foreign.GetProperty("users").EnumerateArray(), u => u.GetProperty("email").GetString() == memberAccount.Email);
    }

    [Fact]
    public async Task Granting_an_administrative_role_and_containing_a_user_alert_the_security_administrators()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, _, memberAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, "member");
        member.Dispose();
        var users = await Json(await owner.SendAsync(HttpMethod.Get, "/api/users", tokens.AccessToken));
        var memberId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == memberAccount.Email).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Put, $"/api/users/{memberId}/roles", tokens.AccessToken, new { roles = new[] { "member" } })).StatusCode);
        Assert.DoesNotContain((await AlertsAsync(owner, tokens)).EnumerateArray(), a => a.GetProperty("kind").GetString() == "admin_role_granted");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Put, $"/api/users/{memberId}/roles", tokens.AccessToken, new { roles = new[] { "member", "security-admin" } })).StatusCode);
        Assert.Contains((await AlertsAsync(owner, tokens)).EnumerateArray(), a => a.GetProperty("kind").GetString() == "admin_role_granted");

        var contained = await owner.SendAsync(HttpMethod.Post, $"/api/users/{memberId}/contain", tokens.AccessToken);
        Assert.True(contained.IsSuccessStatusCode, $"{contained.StatusCode}");
        Assert.Contains((await AlertsAsync(owner, tokens)).EnumerateArray(), a => a.GetProperty("kind").GetString() == "user_contained");
    }

    private static async Task<JsonElement> AlertsAsync(ApiSession session, TokenSet tokens)
    {
        var response = await session.SendAsync(HttpMethod.Get, "/api/security-alerts", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
