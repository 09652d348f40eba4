using System.Net;
using System.Text.RegularExpressions;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed partial class MfaTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task A_totp_code_is_accepted_once_and_refused_when_replayed()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (secret, _) = await owner.EnableTotpAsync(tokens.AccessToken);
        var code = ApiCalls.NextCode(secret);

        using var first = accounts.NewSession();
        var password = await accounts.SignInAsync(first, account.Email, account.Password);
        Assert.Equal("/signin/mfa", password.Headers.Location?.OriginalString);
        var accepted = await first.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.EndsWith("/signin", accepted.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        using var second = accounts.NewSession();
        await accounts.SignInAsync(second, account.Email, account.Password);
        var replayed = await second.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = code });

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("already used", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_works_once()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (_, recoveryCodes) = await owner.EnableTotpAsync(tokens.AccessToken);
        Assert.Equal(10, recoveryCodes.Count);

        using var first = accounts.NewSession();
        await accounts.SignInAsync(first, account.Email, account.Password);
        var used = await first.SubmitAsync("/signin/mfa?method=recovery", new Dictionary<string, string> { ["Code"] = recoveryCodes[3] }, "/signin/mfa?handler=Recovery");
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);

        using var second = accounts.NewSession();
        await accounts.SignInAsync(second, account.Email, account.Password);
        var reused = await second.SubmitAsync("/signin/mfa?method=recovery", new Dictionary<string, string> { ["Code"] = recoveryCodes[3] }, "/signin/mfa?handler=Recovery");

        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("not valid or was already used", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_that_requires_mfa_sends_a_user_without_it_to_enrolment_after_the_password()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        await owner.SetPolicyAsync(tokens.AccessToken, ApiCalls.Policy(mfa: "everyone"));

        using var session = accounts.NewSession();
        var password = await accounts.SignInAsync(session, account.Email, account.Password);
        Assert.Equal("/signin/enrol", password.Headers.Location?.OriginalString);
        var (_, html, _) = await session.GetPageAsync("/signin/enrol");
        var setupKey = SetupKey().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var state = System.Net.WebUtility.HtmlDecode(State().Match(html).Groups[1].Value);
        Assert.NotEmpty(setupKey);

        var enrolled = await session.SubmitAsync("/signin/enrol", new Dictionary<string, string> { ["Code"] = ApiCalls.CurrentCode(setupKey), ["State"] = state });

        var page = await enrolled.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Contains("Your recovery codes", page, StringComparison.Ordinal);
        Assert.Contains("/signin\">Continue", page, StringComparison.Ordinal);
        var tokensAfter = await accounts.AuthorizeAsync(session);
        Assert.NotNull(tokensAfter.AccessToken);
    }

    [Fact]
    public async Task Saving_a_stricter_policy_counts_who_does_not_comply_and_members_cannot_change_it()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var member = await InvitedMemberAsync(owner, tokens.AccessToken);
        using var memberSession = member.Session;

        var saved = await owner.SendAsync(HttpMethod.Put, "/api/security-policy", tokens.AccessToken, ApiCalls.Policy(mfa: "admins"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("\"nonCompliantUsers\":1", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stricter = await owner.SendAsync(HttpMethod.Put, "/api/security-policy", tokens.AccessToken, ApiCalls.Policy(mfa: "admins", minLength: 60));
        Assert.Contains("\"nonCompliantUsers\":2", await stricter.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unsafeLockout = await owner.SendAsync(HttpMethod.Put, "/api/security-policy", tokens.AccessToken, ApiCalls.Policy(lockoutThreshold: 1000));
        Assert.Equal(HttpStatusCode.BadRequest, unsafeLockout.StatusCode);
        Assert.Contains("lockoutThreshold", await unsafeLockout.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await memberSession.SendAsync(HttpMethod.Put, "/api/security-policy", member.Tokens.AccessToken, ApiCalls.Policy());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_password_that_no_longer_meets_a_stricter_policy_must_be_changed_at_the_next_sign_in()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        await owner.SetPolicyAsync(tokens.AccessToken, ApiCalls.Policy(minLength: 64));

        using var session = accounts.NewSession();
        var password = await accounts.SignInAsync(session, account.Email, account.Password);
        Assert.Equal("/signin/change-password", password.Headers.Location?.OriginalString);
        var tooShort = await session.SubmitAsync("/signin/change-password", new Dictionary<string, string> { ["NewPassword"] = TestPasswords.Strong() });
        Assert.Contains("Use at least 64 characters.", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Three passphrases: 80 to 104 characters, within the policy's 64 and the platform's 128 (four could pass 128).
        var longEnough = string.Join(' ', Enumerable.Range(0, 3).Select(_ => TestPasswords.Strong()));
        var changed = await session.SubmitAsync("/signin/change-password", new Dictionary<string, string> { ["NewPassword"] = longEnough });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.EndsWith("/signin", changed.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var again = await accounts.SignInAsync(accounts.NewSession(), account.Email, longEnough);
        Assert.EndsWith("/signin", again.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recent_password_cannot_be_chosen_again()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var second = TestPasswords.Strong();

        var same = await owner.SendAsync(HttpMethod.Post, "/api/account/password", tokens.AccessToken, new { currentPassword = account.Password, newPassword = account.Password });
        var changed = await owner.SendAsync(HttpMethod.Post, "/api/account/password", tokens.AccessToken, new { currentPassword = account.Password, newPassword = second });
        var back = await owner.SendAsync(HttpMethod.Post, "/api/account/password", tokens.AccessToken, new { currentPassword = second, newPassword = account.Password });

        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("not used for your last 5 passwords", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Contains("not used for your last 5 passwords", await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal async Task<(ApiSession Session, TokenSet Tokens)> InvitedMemberAsync(ApiSession owner, string ownerToken)
    {
        var email = TestPasswords.Email("member");
        var invited = await owner.SendAsync(HttpMethod.Post, "/api/invitations", ownerToken, new { email, role = "member" });
        Assert.True(invited.StatusCode == HttpStatusCode.Created, $"{invited.StatusCode}: {await invited.Content.ReadAsStringAsync()}");
        var link = await accounts.Mailbox.WaitForLinkAsync(email, "invited");
        var session = accounts.NewSession();
        var accepted = await TestAccounts.AcceptInvitationAsync(session, link, TestPasswords.Strong());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        return (session, await accounts.AuthorizeAsync(session));
    }

    [GeneratedRegex("id=\"setup-key\" value=\"([^\"]+)\"")]
    private static partial Regex SetupKey();

    [GeneratedRegex("name=\"State\" value=\"([^\"]+)\"")]
    private static partial Regex State();
}
