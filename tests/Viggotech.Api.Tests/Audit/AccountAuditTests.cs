using System.Net;
using System.Text.Json;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Audit;

[Collection(PlatformCollection.Name)]
public sealed class AccountAuditTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Sign_in_successes_failures_and_lockouts_are_in_the_trail_with_address_browser_and_session()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        await owner.SetPolicyAsync(tokens.AccessToken, ApiCalls.Policy(lockoutThreshold: 3));

        using var attacker = accounts.NewSession();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await accounts.SignInAsync(attacker, account.Email, "not-the-password-" + attempt);
        }

        // The right password against a locked account is still refused.
        Assert.Equal(HttpStatusCode.OK, (await accounts.SignInAsync(attacker, account.Email, account.Password)).StatusCode);

        var events = await owner.EventsAsync(tokens.AccessToken);
        var success = Assert.Single(events.Action(AuditActions.UserSignIn), e => e.Text("result") == "success");
        var ownerId = success.ActorId();
        Assert.Equal("user", success.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal(ownerId, success.GetProperty("target").GetProperty("id").GetString());
        Assert.NotNull(success.Text("session"));
        Assert.NotNull(success.Text("ip"));
        // The owner's first sign-in is the one the confirmation link gives.
        Assert.Equal("email", success.Detail("method"));

        var failures = events.Action(AuditActions.UserSignIn).Where(e => e.Text("result") == "failure").ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal(ownerId, f.ActorId());
            Assert.Equal(SignInFailureReasons.WrongPassword, f.Detail("reason"));
            Assert.Equal(attacker.SourceAddress.ToString(), f.Text("ip"));
            Assert.Null(f.Text("session"));
        });
        var lockouts = events.Action(AuditActions.UserLockout).ToList();
        Assert.Equal(["failure", "denied"], lockouts.Select(e => e.Text("result")));

        var policy = Assert.Single(events.Action(AuditActions.SecurityPolicyChange));
        Assert.Equal(ownerId, policy.ActorId());
        Assert.Equal("3", policy.Detail("lockoutThreshold"));
        Assert.NotNull(policy.Text("session"));
    }

    [Fact]
    public async Task Authenticator_recovery_code_password_and_passkey_changes_are_in_the_trail()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (_, recoveryCodes) = await owner.EnableTotpAsync(tokens.AccessToken);
        (await owner.SendAsync(HttpMethod.Post, "/api/account/recovery-codes", tokens.AccessToken)).EnsureSuccessStatusCode();
        var renewed = JsonDocument.Parse(await (await owner.SendAsync(HttpMethod.Post, "/api/account/recovery-codes", tokens.AccessToken)).Content.ReadAsStringAsync())
            .RootElement.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();

        using var withCode = accounts.NewSession();
        await accounts.SignInAsync(withCode, account.Email, account.Password);
        await withCode.SubmitAsync("/signin/mfa?method=recovery", new Dictionary<string, string> { ["Code"] = recoveryCodes[0] }, "/signin/mfa?handler=Recovery");
        var used = await withCode.SubmitAsync("/signin/mfa?method=recovery", new Dictionary<string, string> { ["Code"] = renewed[0] }, "/signin/mfa?handler=Recovery");
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Delete, "/api/account/passkeys/AAAA", tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, "/api/account/authenticator", tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Post, "/api/account/password", tokens.AccessToken,
            new { currentPassword = account.Password, newPassword = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Post, "/api/account/password", tokens.AccessToken,
            new { currentPassword = account.Password, newPassword = TestPasswords.Strong() })).StatusCode);

        var events = await owner.EventsAsync(tokens.AccessToken);
        var enrol = Assert.Single(events.Action(AuditActions.MfaEnrol));
        Assert.Equal(("success", "totp"), (enrol.Text("result"), enrol.Detail("method")));
        Assert.NotNull(enrol.Text("session"));
        Assert.Equal(2, events.Action(AuditActions.RecoveryCodesRenew).Count());
        // The old code no longer works; the renewed one does, and signs the user in.
        Assert.Equal(["failure", "success"], events.Action(AuditActions.RecoveryCodeUse).Select(e => e.Text("result")));
        Assert.Contains(events.Action(AuditActions.UserSignIn), e => e.Text("result") == "success" && e.Detail("method") == "password recovery-code");
        Assert.Empty(events.Action(AuditActions.PasskeyRemove));
        Assert.Equal("success", Assert.Single(events.Action(AuditActions.MfaRemove)).Text("result"));
        Assert.Equal(["failure", "success"], events.Action(AuditActions.PasswordChange).Select(e => e.Text("result")));
    }

    [Fact]
    public async Task Invitations_their_acceptance_and_password_resets_are_in_the_trail()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, memberAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        // A member may not read the trail (checked now: the reset below ends the member's sessions).
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/audit/events", memberTokens.AccessToken)).StatusCode);

        using var session = accounts.NewSession();
        await session.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = memberAccount.Email });
        var link = await accounts.Mailbox.WaitForLinkAsync(memberAccount.Email, "Reset your");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        var reset = await session.SubmitAsync(link.PathAndQuery, new Dictionary<string, string>
        {
            ["Tenant"] = query["tenant"]!, ["Token"] = query["token"]!, ["NewPassword"] = TestPasswords.Strong(),
        }, "/reset-password");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        var events = await owner.EventsAsync(tokens.AccessToken);
        var invite = Assert.Single(events.Action(AuditActions.UserInvite));
        var memberId = invite.GetProperty("target").GetProperty("id").GetString()!;
        Assert.Equal(UserRoles.Member, invite.Detail("role"));
        Assert.NotEqual(memberId, invite.ActorId());
        var accepted = Assert.Single(events.Action(AuditActions.InvitationAccept));
        Assert.Equal((memberId, "success"), (accepted.ActorId(), accepted.Text("result")));
        var passwordReset = Assert.Single(events.Action(AuditActions.PasswordReset));
        Assert.Equal((memberId, "success"), (passwordReset.ActorId(), passwordReset.Text("result")));

        // The owner of another organisation sees none of it.
        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var ___ = other;
        Assert.DoesNotContain(await other.EventsAsync(otherTokens.AccessToken), e => e.ActorId() == memberId || e.GetRawText().Contains(memberId, StringComparison.Ordinal));
    }
}
