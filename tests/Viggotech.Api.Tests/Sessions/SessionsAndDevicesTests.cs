using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Api.Tests.Access;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Sessions;

[Collection(PlatformCollection.Name)]
public sealed class SessionsAndDevicesTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task A_user_sees_their_sessions_with_this_one_marked_and_a_revoked_session_is_refused_on_its_next_request()
    {
        var (account, first, firstTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = first;
        var (second, secondTokens) = await SignInAgainAsync(account);
        using var __ = second;
        var (third, thirdTokens) = await SignInAgainAsync(account);
        using var ___ = third;

        var sessions = await ListAsync(first, firstTokens.AccessToken, "/api/sessions");
        Assert.Equal(3, sessions.Count);
        var current = Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Equal(await SessionIdAsync(first, firstTokens.AccessToken), current.GetProperty("id").GetString());
        Assert.All(sessions, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("device").GetString())));

        var secondId = await SessionIdAsync(second, secondTokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await first.SendAsync(HttpMethod.Delete, $"/api/sessions/{secondId}", firstTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.SendAsync(HttpMethod.Get, "/api/account", secondTokens.AccessToken)).StatusCode);
        Assert.Null(await accounts.RefreshAsync(second, secondTokens.RefreshToken!));
        Assert.Equal(HttpStatusCode.OK, (await third.SendAsync(HttpMethod.Get, "/api/account", thirdTokens.AccessToken)).StatusCode);

        var ended = await (await first.SendAsync(HttpMethod.Post, "/api/sessions/end-others", firstTokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, ended.GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.SendAsync(HttpMethod.Get, "/api/account", thirdTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(HttpMethod.Get, "/api/account", firstTokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_user_cannot_end_another_users_session_through_their_own_sessions()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        var ownerSession = await SessionIdAsync(owner, tokens.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, (await member.SendAsync(HttpMethod.Delete, $"/api/sessions/{ownerSession}", memberTokens.AccessToken)).StatusCode);
        var memberId = await RoleTests.UserIdAsync(owner, tokens.AccessToken, (await AccountEmailAsync(member, memberTokens.AccessToken)));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, $"/api/users/{memberId}/sessions", memberTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task An_admin_ends_a_users_session_and_contains_a_user_who_then_needs_a_password_reset()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, memberAccount) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        var memberId = await RoleTests.UserIdAsync(owner, tokens.AccessToken, memberAccount.Email);

        var listed = await ListAsync(owner, tokens.AccessToken, $"/api/users/{memberId}/sessions");
        var memberSession = Assert.Single(listed).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/users/{memberId}/sessions/{memberSession}", tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.SendAsync(HttpMethod.Get, "/api/account", memberTokens.AccessToken)).StatusCode);

        var (again, againTokens) = await SignInAgainAsync(memberAccount);
        using var ___ = again;
        var contained = await owner.SendAsync(HttpMethod.Post, $"/api/users/{memberId}/contain", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, contained.StatusCode);
        Assert.Equal(1, (await contained.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.SendAsync(HttpMethod.Get, "/api/account", againTokens.AccessToken)).StatusCode);
        Assert.Null(await accounts.RefreshAsync(again, againTokens.RefreshToken!));

        // The old password no longer signs in.
        using var attacker = accounts.NewSession();
        var signIn = await accounts.SignInAsync(attacker, memberAccount.Email, memberAccount.Password);
        Assert.NotEqual(HttpStatusCode.Redirect, signIn.StatusCode);

        var audit = await (await owner.SendAsync(HttpMethod.Get, "/api/audit/events", tokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("user.contain", audit, StringComparison.Ordinal);
        Assert.Contains("session.revoke", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_policy_limits_sessions_per_user_and_refuses_bad_values_with_field_errors()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var bad = await owner.SendAsync(HttpMethod.Put, "/api/session-policy", tokens.AccessToken, new { idleMinutes = 1, absoluteHours = 48, limitBehaviour = "sometimes" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("idleMinutes", out var _i) && errors.TryGetProperty("absoluteHours", out var _a) && errors.TryGetProperty("limitBehaviour", out var _l));

        var defaults = await (await owner.SendAsync(HttpMethod.Get, "/api/session-policy", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, defaults.GetProperty("idleMinutes").GetInt32());
        Assert.Equal(12, defaults.GetProperty("absoluteHours").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, "/api/session-policy", tokens.AccessToken,
            new { idleMinutes = 30, absoluteHours = 12, maxSessionsPerUser = 1, limitBehaviour = "refuse-new" })).StatusCode);
        using var refused = accounts.NewSession();
        var signIn = await accounts.SignInAsync(refused, account.Email, account.Password);
        Assert.Equal("/signin/session-limit", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, "/api/session-policy", tokens.AccessToken,
            new { idleMinutes = 30, absoluteHours = 12, maxSessionsPerUser = 1, limitBehaviour = "end-oldest" })).StatusCode);
        var (newest, newestTokens) = await SignInAgainAsync(account);
        using var __ = newest;
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newest.SendAsync(HttpMethod.Get, "/api/account", newestTokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Lowering_the_session_limit_ends_existing_sessions_beyond_it_by_the_policys_rule()
    {
        var (account, first, firstTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = first;
        var (second, secondTokens) = await SignInAgainAsync(account);
        using var __ = second;
        var (third, thirdTokens) = await SignInAgainAsync(account);
        using var ___ = third;

        // "End the oldest": the first session ends, the two newer ones stay.
        Assert.Equal(HttpStatusCode.OK, (await third.SendAsync(HttpMethod.Put, "/api/session-policy", thirdTokens.AccessToken,
            new { idleMinutes = 30, absoluteHours = 12, maxSessionsPerUser = 2, limitBehaviour = "end-oldest" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.SendAsync(HttpMethod.Get, "/api/account", firstTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(HttpMethod.Get, "/api/account", secondTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await third.SendAsync(HttpMethod.Get, "/api/account", thirdTokens.AccessToken)).StatusCode);

        // "Refuse new": the session that was there first stays, the newer one ends (even the one that saved the policy).
        Assert.Equal(HttpStatusCode.OK, (await third.SendAsync(HttpMethod.Put, "/api/session-policy", thirdTokens.AccessToken,
            new { idleMinutes = 30, absoluteHours = 12, maxSessionsPerUser = 1, limitBehaviour = "refuse-new" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.SendAsync(HttpMethod.Get, "/api/account", thirdTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(HttpMethod.Get, "/api/account", secondTokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Lowering_the_lifetime_shortens_the_existing_sessions_of_every_user_of_the_organisation()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (member, memberTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        var before = Assert.Single(await ListAsync(member, memberTokens.AccessToken, "/api/sessions"));
        Assert.Equal(before.GetProperty("createdAt").GetDateTimeOffset().AddHours(12), before.GetProperty("expiresAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, "/api/session-policy", tokens.AccessToken,
            new { idleMinutes = 10, absoluteHours = 1, limitBehaviour = "end-oldest" })).StatusCode);
        var after = Assert.Single(await ListAsync(member, memberTokens.AccessToken, "/api/sessions"));
        Assert.Equal(before.GetProperty("createdAt").GetDateTimeOffset().AddHours(1), after.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("id").GetString(), after.GetProperty("id").GetString());
    }

    private async Task<(ApiSession Session, TokenSet Tokens)> SignInAgainAsync(TestAccount account)
    {
        var session = accounts.NewSession();
        var signIn = await accounts.SignInAsync(session, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return (session, await accounts.AuthorizeAsync(session));
    }

    internal static async Task<string> SessionIdAsync(ApiSession session, string token) =>
        (await (await session.SendAsync(HttpMethod.Get, "/api/session", token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    private static async Task<string> AccountEmailAsync(ApiSession session, string token) =>
        (await (await session.SendAsync(HttpMethod.Get, "/api/account", token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString()!;

    private static async Task<List<JsonElement>> ListAsync(ApiSession session, string token, string path)
    {
        var response = await session.SendAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }
}
