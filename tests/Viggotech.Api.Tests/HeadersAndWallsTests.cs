using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class HeadersAndWallsTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Sign_in_pages_forbid_framing_and_inline_script_and_may_post_only_to_the_api_and_the_portal()
    {
        using var session = accounts.NewSession();

        var (response, html, token) = await session.GetPageAsync("/signin");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", scriptSrc);
        Assert.Contains($"form-action 'self' https://localhost:{platform.Ports["WebHttps"]}", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.NotNull(token);
        Assert.Contains("<label for=\"email\">Email</label>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var session = accounts.NewSession();
        await session.GetPageAsync("/signin");

        var response = await session.Http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = TestPasswords.Email(), ["Password"] = TestPasswords.Strong(),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_only_their_own_tenants_policy_and_sees_only_their_own_history()
    {
        var (_, ownerA, tokensA) = await accounts.OwnerWithTokensAsync();
        var (_, ownerB, tokensB) = await accounts.OwnerWithTokensAsync();
        using var a = ownerA;
        using var b = ownerB;

        await ownerB.SetPolicyAsync(tokensB.AccessToken, ApiCalls.Policy(mfa: "everyone", minLength: 20));

        var policyA = await (await ownerA.SendAsync(HttpMethod.Get, "/api/security-policy", tokensA.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var policyB = await (await ownerB.SendAsync(HttpMethod.Get, "/api/security-policy", tokensB.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("optional", policyA.GetProperty("mfaRequirement").GetString());
        Assert.Equal(12, policyA.GetProperty("passwordMinLength").GetInt32());
        Assert.Equal(1, policyA.GetProperty("users").GetInt32());
        Assert.Equal("everyone", policyB.GetProperty("mfaRequirement").GetString());
        var historyA = await (await ownerA.SendAsync(HttpMethod.Get, "/api/account/sign-ins", tokensA.AccessToken)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ownerB.SourceAddress.ToString(), historyA, StringComparison.Ordinal);
        Assert.Contains(ownerA.SourceAddress.ToString(), historyA, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_a_session_behind_it_is_refused_after_sign_out()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/session", tokens.AccessToken)).StatusCode);

        var logout = await owner.Http.GetAsync("/connect/logout");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var after = await owner.SendAsync(HttpMethod.Get, "/api/session", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("invalid_token", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Null(await accounts.RefreshAsync(owner, tokens.RefreshToken!));
    }
}
