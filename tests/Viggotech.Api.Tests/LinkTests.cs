using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class LinkTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task An_invitation_link_works_once()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var email = TestPasswords.Email("invitee");
        await owner.SendAsync(HttpMethod.Post, "/api/invitations", tokens.AccessToken, new { email, role = "member" });
        var link = await accounts.Mailbox.WaitForLinkAsync(email, "invited");

        using var session = accounts.NewSession();
        var first = await TestAccounts.AcceptInvitationAsync(session, link, TestPasswords.Strong());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var other = accounts.NewSession();
        var (_, html, _) = await other.GetPageAsync(link.PathAndQuery);
        var second = await TestAccounts.AcceptInvitationAsync(other, link, TestPasswords.Strong());

        Assert.Contains("already been used", html, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, second.StatusCode);
    }

    [Fact]
    public async Task An_expired_invitation_link_is_refused()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var email = TestPasswords.Email("late");
        await owner.SendAsync(HttpMethod.Post, "/api/invitations", tokens.AccessToken, new { email, role = "member" });
        var link = await accounts.Mailbox.WaitForLinkAsync(email, "invited");
        await ExpireLinksAsync(account.TenantId, "invitation");

        using var session = accounts.NewSession();
        var (page, html, _) = await session.GetPageAsync(link.PathAndQuery);
        var accept = await TestAccounts.AcceptInvitationAsync(session, link, TestPasswords.Strong());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("This link has expired", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Password\"", html, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, accept.StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_every_session_and_its_link_works_once()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).StatusCode);

        using var session = accounts.NewSession();
        await session.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = account.Email });
        var link = await accounts.Mailbox.WaitForLinkAsync(account.Email, "Reset your");
        var newPassword = TestPasswords.Strong();
        var reset = await ResetAsync(session, link, newPassword);
        Assert.Equal("/signin?done=reset", reset.Headers.Location?.OriginalString);

        var afterReset = await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReset.StatusCode);
        Assert.Null(await accounts.RefreshAsync(owner, tokens.RefreshToken!));
        using var later = accounts.NewSession();
        var (_, reusedPage, _) = await later.GetPageAsync(link.PathAndQuery);
        Assert.Contains("already been used", reusedPage, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, (await ResetAsync(later, link, TestPasswords.Strong())).StatusCode);
        var oldPassword = await accounts.SignInAsync(accounts.NewSession(), account.Email, account.Password);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        var signedIn = await accounts.SignInAsync(accounts.NewSession(), account.Email, newPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task An_expired_reset_link_is_refused()
    {
        using var setup = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(setup);
        using var session = accounts.NewSession();
        await session.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = account.Email });
        var link = await accounts.Mailbox.WaitForLinkAsync(account.Email, "Reset your");
        await ExpireLinksAsync(account.TenantId, "password-reset");

        var (_, page, _) = await session.GetPageAsync(link.PathAndQuery);
        var reset = await ResetAsync(session, link, TestPasswords.Strong());

        Assert.Contains("This link has expired", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, reset.StatusCode);
        var oldPassword = await accounts.SignInAsync(accounts.NewSession(), account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, oldPassword.StatusCode);
    }

    [Fact]
    public async Task A_used_refresh_token_presented_again_revokes_the_chain()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var rotated = await accounts.RefreshAsync(owner, tokens.RefreshToken!);
        Assert.NotNull(rotated);
        Assert.NotEqual(tokens.RefreshToken, rotated.RefreshToken);
        var replay = await accounts.RefreshAsync(owner, tokens.RefreshToken!);
        var afterReplay = await accounts.RefreshAsync(owner, rotated.RefreshToken!);

        Assert.Null(replay);
        Assert.Null(afterReplay);
    }

    private static Task<HttpResponseMessage> ResetAsync(ApiSession session, Uri link, string password)
    {
        var query = QueryHelpers.ParseQuery(link.Query);
        return session.SubmitAsync(link.PathAndQuery, new Dictionary<string, string>
        {
            ["Tenant"] = query["tenant"]!, ["Token"] = query["token"]!, ["NewPassword"] = password,
        }, "/reset-password");
    }

    // Time is not faked in the Api: the link is aged in the database instead.
    private async Task ExpireLinksAsync(Guid tenantId, string purpose)
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync("viggotech"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select set_config('app.tenant_id', '{tenantId}', false); update account_links set expires_at = now() - interval '1 minute' where purpose = @purpose",
            connection);
        command.Parameters.AddWithValue("purpose", purpose);
        await command.ExecuteNonQueryAsync();
    }
}
