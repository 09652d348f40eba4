using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Api.Tests.Access;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class MfaResetTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task An_admin_resets_a_users_two_step_verification_so_the_next_sign_in_enrols_again_audited_and_alerted()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, memberAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        await member.EnableTotpAsync(memberTokens.AccessToken);
        var memberId = await RoleTests.UserIdAsync(owner, tokens.AccessToken, memberAccount.Email);
        using (var before = accounts.NewSession())
        {
            Assert.Equal("/signin/mfa", (await accounts.SignInAsync(before, memberAccount.Email, memberAccount.Password)).Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Post, $"/api/users/{memberId}/mfa/reset", tokens.AccessToken)).StatusCode);

        // The authenticator no longer completes a sign-in: the password leads to enrolling a factor afresh.
        using var after = accounts.NewSession();
        Assert.Equal("/signin/enrol", (await accounts.SignInAsync(after, memberAccount.Email, memberAccount.Password)).Headers.Location?.OriginalString);
        var account = await (await member.SendAsync(HttpMethod.Get, "/api/account", memberTokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(account.GetProperty("authenticatorEnabled").GetBoolean());
        Assert.Equal(0, account.GetProperty("recoveryCodesLeft").GetInt32());

        var audit = await (await owner.SendAsync(HttpMethod.Get, "/api/audit/events", tokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("user.mfa.reset", audit, StringComparison.Ordinal);
        var alerts = await (await owner.SendAsync(HttpMethod.Get, "/api/security-alerts", tokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("mfa_removed", alerts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_or_an_administrator_above_their_rights_cannot_reset_and_another_organisations_admin_gets_404()
    {
        var (ownerAccount, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        var (admin, adminTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Admin);
        using var ___ = admin;
        await owner.EnableTotpAsync(tokens.AccessToken);
        var ownerId = await RoleTests.UserIdAsync(owner, tokens.AccessToken, ownerAccount.Email);
        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var ____ = other;

        var byMember = await member.SendAsync(HttpMethod.Post, $"/api/users/{ownerId}/mfa/reset", memberTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Contains(Permissions.UsersManage, await byMember.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // An administrator holds users.manage but not everything the owner holds.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.SendAsync(HttpMethod.Post, $"/api/users/{ownerId}/mfa/reset", adminTokens.AccessToken)).StatusCode);
        var byOtherTenant = await other.SendAsync(HttpMethod.Post, $"/api/users/{ownerId}/mfa/reset", otherTokens.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, byOtherTenant.StatusCode);
        Assert.DoesNotContain(ownerAccount.Email, await byOtherTenant.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var account = await (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(account.GetProperty("authenticatorEnabled").GetBoolean());
    }
}
