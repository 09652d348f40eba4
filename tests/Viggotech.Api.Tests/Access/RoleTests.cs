using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Access;

[Collection(PlatformCollection.Name)]
public sealed class RoleTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Each_built_in_role_gets_exactly_its_permissions_on_every_protected_endpoint()
    {
        var endpoints = await RoleMatrix.ProtectedEndpointsAsync(platform);
        Assert.True(endpoints.Count > 15, $"Only {endpoints.Count} protected endpoints found.");
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var mismatches = new List<string>();
        foreach (var role in BuiltInRoles.All.Where(r => r.Key != UserRoles.Owner))
        {
            var (session, userTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, role.Key);
            using (session)
            {
                mismatches.AddRange((await RoleMatrix.MismatchesAsync(session, userTokens.AccessToken, role.Permissions, endpoints)).Select(m => $"{role.Key}: {m}"));
            }
        }

        // The owner last: it holds tenant.delete, which ends the organisation.
        mismatches.AddRange((await RoleMatrix.MismatchesAsync(owner, tokens.AccessToken, Permissions.All, endpoints)).Select(m => $"owner: {m}"));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task A_custom_role_grants_exactly_the_permissions_it_was_built_from()
    {
        var endpoints = (await RoleMatrix.ProtectedEndpointsAsync(platform)).Where(e => e.Permission != Permissions.TenantDelete).ToList();
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var granted = new HashSet<string> { Permissions.PeopleRead, Permissions.AuditRead, Permissions.SessionsManage };
        var roleId = await CreateRoleAsync(owner, tokens.AccessToken, "Investigator", granted);
        var (user, userTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, roleId);
        using var __ = user;

        var mismatches = await RoleMatrix.MismatchesAsync(user, userTokens.AccessToken, granted, endpoints);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task A_custom_role_with_a_permission_outside_the_catalogue_is_a_field_error()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var response = await owner.SendAsync(HttpMethod.Post, "/api/roles", tokens.AccessToken,
            new { name = "Odd", permissions = new[] { Permissions.PeopleRead, "people.destroy" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("people.destroy", problem.GetProperty("errors").GetProperty("permissions")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_change_applies_on_the_users_next_request_without_signing_in_again()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, account) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        var userId = await UserIdAsync(owner, tokens.AccessToken, account.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/audit/events", memberTokens.AccessToken)).StatusCode);

        var granted = await owner.SendAsync(HttpMethod.Post, $"/api/users/{userId}/roles", tokens.AccessToken, new { role = UserRoles.Auditor });
        Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(HttpMethod.Get, "/api/audit/events", memberTokens.AccessToken)).StatusCode);

        var removed = await owner.SendAsync(HttpMethod.Delete, $"/api/users/{userId}/roles/{UserRoles.Auditor}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/audit/events", memberTokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Editing_or_deleting_a_custom_role_applies_to_its_holders_on_their_next_request()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var roleId = await CreateRoleAsync(owner, tokens.AccessToken, "Reviewers", new HashSet<string> { Permissions.AuditRead });
        var (user, userTokens, account) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = user;
        var userId = await UserIdAsync(owner, tokens.AccessToken, account.Email);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Post, $"/api/users/{userId}/roles", tokens.AccessToken, new { role = roleId })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(HttpMethod.Get, "/api/audit/events", userTokens.AccessToken)).StatusCode);

        // The role's holders are cached with the role's old permissions; the edit reaches them on the next request.
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/roles/{roleId}", tokens.AccessToken,
            new { name = "Reviewers", permissions = new[] { Permissions.PeopleRead } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.SendAsync(HttpMethod.Get, "/api/audit/events", userTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(HttpMethod.Get, "/api/people", userTokens.AccessToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/roles/{roleId}", tokens.AccessToken,
            new { name = "Reviewers", permissions = new[] { Permissions.UsersRead } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(HttpMethod.Get, "/api/users", userTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/roles/{roleId}", tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.SendAsync(HttpMethod.Get, "/api/users", userTokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task The_last_owner_cannot_be_demoted_or_removed_and_an_admin_cannot_make_owners()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var ownerId = await UserIdAsync(owner, tokens.AccessToken, account.Email);

        var demote = await owner.SendAsync(HttpMethod.Put, $"/api/users/{ownerId}/roles", tokens.AccessToken, new { roles = new[] { UserRoles.Admin } });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal("application/problem+json", demote.Content.Headers.ContentType?.MediaType);
        Assert.Contains("only owner", (await demote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var remove = await owner.SendAsync(HttpMethod.Delete, $"/api/users/{ownerId}/roles/{UserRoles.Owner}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);

        var (admin, adminTokens, adminAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Admin);
        using var __ = admin;
        var adminId = await UserIdAsync(owner, tokens.AccessToken, adminAccount.Email);
        var selfPromotion = await admin.SendAsync(HttpMethod.Post, $"/api/users/{adminId}/roles", adminTokens.AccessToken, new { role = UserRoles.Owner });
        Assert.Equal(HttpStatusCode.Forbidden, selfPromotion.StatusCode);
        var demoteOwner = await admin.SendAsync(HttpMethod.Put, $"/api/users/{ownerId}/roles", adminTokens.AccessToken, new { roles = new[] { UserRoles.Member } });
        Assert.Equal(HttpStatusCode.Forbidden, demoteOwner.StatusCode);

        // With a second owner, the first may step down.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Post, $"/api/users/{adminId}/roles", tokens.AccessToken, new { role = UserRoles.Owner })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Put, $"/api/users/{ownerId}/roles", tokens.AccessToken, new { roles = new[] { UserRoles.Admin } })).StatusCode);
    }

    [Fact]
    public async Task Why_names_the_roles_that_grant_a_permission()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var roleId = await CreateRoleAsync(owner, tokens.AccessToken, "Exporter", new HashSet<string> { Permissions.AuditExport, Permissions.PeopleRead });
        var (user, _, account) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Auditor);
        using var __ = user;
        var userId = await UserIdAsync(owner, tokens.AccessToken, account.Email);
        await owner.SendAsync(HttpMethod.Post, $"/api/users/{userId}/roles", tokens.AccessToken, new { role = roleId });

        var why = await (await owner.SendAsync(HttpMethod.Get, $"/api/users/{userId}/why?permission=audit.export", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(why.GetProperty("granted").GetBoolean());
        Assert.Equal(new[] { "Auditor", "Exporter" }, why.GetProperty("grantedBy").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order().ToArray());

        var not = await (await owner.SendAsync(HttpMethod.Get, $"/api/users/{userId}/why?permission=keys.manage", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(not.GetProperty("granted").GetBoolean());
        Assert.Equal(0, not.GetProperty("grantedBy").GetArrayLength());
    }

    [Fact]
    public async Task Tenant_a_cannot_read_or_change_tenant_b_users_roles_or_sessions()
    {
        var (_, ownerA, tokensA) = await accounts.OwnerWithTokensAsync();
        using var _ = ownerA;
        var (accountB, ownerB, tokensB) = await accounts.OwnerWithTokensAsync();
        using var __ = ownerB;
        var userB = await UserIdAsync(ownerB, tokensB.AccessToken, accountB.Email);
        var roleB = await CreateRoleAsync(ownerB, tokensB.AccessToken, "B only", new HashSet<string> { Permissions.PeopleRead });
        var sessionB = (await (await ownerB.SendAsync(HttpMethod.Get, "/api/session", tokensB.AccessToken)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var a = tokensA.AccessToken;

        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/users/{userB}", null),
            (HttpMethod.Get, $"/api/users/{userB}/why?permission=people.read", null),
            (HttpMethod.Put, $"/api/users/{userB}/roles", new { roles = new[] { UserRoles.Member } }),
            (HttpMethod.Post, $"/api/users/{userB}/roles", new { role = UserRoles.Member }),
            (HttpMethod.Delete, $"/api/users/{userB}/roles/{UserRoles.Owner}", null),
            (HttpMethod.Put, $"/api/roles/{roleB}", new { name = "Taken", permissions = new[] { Permissions.PeopleRead } }),
            (HttpMethod.Delete, $"/api/roles/{roleB}", null),
            (HttpMethod.Get, $"/api/users/{userB}/sessions", null),
            (HttpMethod.Delete, $"/api/users/{userB}/sessions/{sessionB}", null),
            (HttpMethod.Post, $"/api/users/{userB}/contain", null),
            (HttpMethod.Post, $"/api/users/{userB}/mfa/reset", null),
            (HttpMethod.Delete, $"/api/sessions/{sessionB}", null),
        };
        foreach (var (method, path, body) in attempts)
        {
            var response = await ownerA.SendAsync(method, path, a, body);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{method} {path} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(accountB.Email, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        // Tenant B's role cannot be given to a tenant A user either.
        var selfA = await UserIdAsync(ownerA, a, (await (await ownerA.SendAsync(HttpMethod.Get, "/api/account", a)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString()!);
        var borrow = await ownerA.SendAsync(HttpMethod.Post, $"/api/users/{selfA}/roles", a, new { role = roleB });
        Assert.Equal(HttpStatusCode.BadRequest, borrow.StatusCode);

        // Nothing of B changed: its owner, role and session are intact.
        var b = await (await ownerB.SendAsync(HttpMethod.Get, $"/api/users/{userB}", tokensB.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(UserRoles.Owner, b.GetProperty("roles")[0].GetProperty("ref").GetString());
        var rolesB = await (await ownerB.SendAsync(HttpMethod.Get, "/api/roles", tokensB.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("B only", rolesB, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ownerB.SendAsync(HttpMethod.Get, "/api/session", tokensB.AccessToken)).StatusCode);
    }

    internal static async Task<string> CreateRoleAsync(ApiSession owner, string token, string name, IReadOnlySet<string> permissions)
    {
        var created = await owner.SendAsync(HttpMethod.Post, "/api/roles", token, new { name, description = "test role", permissions });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ref").GetString()!;
    }

    internal static async Task<Guid> UserIdAsync(ApiSession session, string token, string email)
    {
        var users = await (await session.SendAsync(HttpMethod.Get, "/api/users", token)).Content.ReadFromJsonAsync<JsonElement>();
        return users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
    }
}
