using System.Net;
using System.Text.Json;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PermissionTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task An_auditor_reads_the_audit_trail_and_the_policy_but_cannot_change_the_policy_or_invite()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (auditor, auditorTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Auditor);
        using var __ = auditor;

        Assert.Equal(HttpStatusCode.OK, (await auditor.SendAsync(HttpMethod.Get, "/api/audit/events", auditorTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.SendAsync(HttpMethod.Get, "/api/security-policy", auditorTokens.AccessToken)).StatusCode);

        var change = await auditor.SendAsync(HttpMethod.Put, "/api/security-policy", auditorTokens.AccessToken, ApiCalls.Policy());
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        var problem = JsonDocument.Parse(await change.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(Permissions.PoliciesManage, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var invite = await auditor.SendAsync(HttpMethod.Post, "/api/invitations", auditorTokens.AccessToken, new { email = TestPasswords.Email("x"), role = "member" });
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
    }

    [Fact]
    public async Task The_account_access_lists_exactly_the_roles_and_permissions_the_portal_shows_by()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (auditor, auditorTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Auditor);
        using var __ = auditor;

        var response = await auditor.SendAsync(HttpMethod.Get, "/api/account/access", auditorTokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var access = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([UserRoles.Auditor], access.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(
            BuiltInRoles.Find(UserRoles.Auditor)!.Permissions.Order(StringComparer.Ordinal),
            access.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal(HttpStatusCode.Unauthorized, (await auditor.SendAsync(HttpMethod.Get, "/api/account/access", "not-a-token")).StatusCode);
    }

    [Fact]
    public async Task A_read_only_user_cannot_read_the_audit_trail_or_export_it()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (reader, readerTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.ReadOnly);
        using var __ = reader;

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(HttpMethod.Get, "/api/audit/events", readerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(HttpMethod.Get, "/api/audit/export", readerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/audit/events", tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Inviting_someone_as_owner_or_with_an_unknown_role_is_refused_with_a_field_error()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        foreach (var role in new[] { UserRoles.Owner, "superuser" })
        {
            var response = await owner.SendAsync(HttpMethod.Post, "/api/invitations", tokens.AccessToken, new { email = TestPasswords.Email("r"), role });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("\"role\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
