using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

/// <summary>
/// IP restrictions with real client addresses: every <see cref="ApiSession"/> connects from its own
/// loopback address (127.0.x.y), so an allowed and a refused client differ in the connection itself,
/// not in a header.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IpRestrictionTests(PlatformFixture platform)
{
    private const string NotAllowedType = "https://viggotech.io/problems/ip-not-allowed";
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task An_enforced_list_refuses_sign_in_and_api_calls_from_outside_it_and_lets_an_allowed_address_through()
    {
        var (account, office, officeTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = office;
        var (elsewhere, elsewhereTokens) = await SignInFromAnotherAddressAsync(account);
        using var __ = elsewhere;
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.SendAsync(HttpMethod.Get, "/api/account", elsewhereTokens.AccessToken)).StatusCode);

        var saved = await office.SendAsync(HttpMethod.Put, "/api/ip-restrictions", officeTokens.AccessToken, List("enforce", (Single(office), "Office")));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var refused = await elsewhere.SendAsync(HttpMethod.Get, "/api/account", elsewhereTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(NotAllowedType, problem.GetProperty("type").GetString());
        Assert.Contains(elsewhere.SourceAddress.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await office.SendAsync(HttpMethod.Get, "/api/account", officeTokens.AccessToken)).StatusCode);

        using var stranger = accounts.NewSession();
        var signIn = await accounts.SignInAsync(stranger, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("does not allow sign-in from this network", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(stranger.Cookies.GetCookies(stranger.BaseAddress).Cast<Cookie>(), c => c.Name == "vt.api.session");

        var blocked = await Json(await office.SendAsync(HttpMethod.Get, "/api/ip-restrictions/blocked", officeTokens.AccessToken));
        Assert.Contains(blocked.EnumerateArray(), a => a.GetProperty("ipAddress").GetString() == elsewhere.SourceAddress.ToString()
            && a.GetProperty("channel").GetString() == "api" && a.GetProperty("enforced").GetBoolean());
        Assert.Contains(blocked.EnumerateArray(), a => a.GetProperty("ipAddress").GetString() == stranger.SourceAddress.ToString()
            && a.GetProperty("channel").GetString() == "sign-in" && a.GetProperty("enforced").GetBoolean());

        var audit = await (await office.SendAsync(HttpMethod.Get, "/api/audit/events", officeTokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("ip_restriction.block", audit, StringComparison.Ordinal);
        Assert.Contains("ip_restriction.change", audit, StringComparison.Ordinal);

        var history = await Json(await office.SendAsync(HttpMethod.Get, "/api/account/sign-ins", officeTokens.AccessToken));
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("reason").GetString() == "ip-not-allowed" && e.GetProperty("ipAddress").GetString() == stranger.SourceAddress.ToString());
    }

    [Fact]
    public async Task Report_only_lets_requests_from_outside_the_list_through_and_records_them()
    {
        var (account, office, officeTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = office;
        var (elsewhere, elsewhereTokens) = await SignInFromAnotherAddressAsync(account);
        using var __ = elsewhere;

        (await office.SendAsync(HttpMethod.Put, "/api/ip-restrictions", officeTokens.AccessToken, List("report-only", (Single(office), "Office")))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await elsewhere.SendAsync(HttpMethod.Get, "/api/account", elsewhereTokens.AccessToken)).StatusCode);
        using var stranger = accounts.NewSession();
        var signIn = await accounts.SignInAsync(stranger, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var blocked = await Json(await office.SendAsync(HttpMethod.Get, "/api/ip-restrictions/blocked", officeTokens.AccessToken));
        Assert.Contains(blocked.EnumerateArray(), a => a.GetProperty("ipAddress").GetString() == elsewhere.SourceAddress.ToString() && !a.GetProperty("enforced").GetBoolean());
        Assert.Contains(blocked.EnumerateArray(), a => a.GetProperty("ipAddress").GetString() == stranger.SourceAddress.ToString()
            && a.GetProperty("channel").GetString() == "sign-in" && !a.GetProperty("enforced").GetBoolean());
        Assert.DoesNotContain(blocked.EnumerateArray(), a => a.GetProperty("ipAddress").GetString() == office.SourceAddress.ToString());
        var audit = await (await office.SendAsync(HttpMethod.Get, "/api/audit/events", officeTokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("ip_restriction.would_block", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_for_header_from_an_untrusted_client_changes_nothing()
    {
        var (account, office, officeTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = office;
        var (elsewhere, elsewhereTokens) = await SignInFromAnotherAddressAsync(account);
        using var __ = elsewhere;
        (await office.SendAsync(HttpMethod.Put, "/api/ip-restrictions", officeTokens.AccessToken, List("enforce", (Single(office), "Office")))).EnsureSuccessStatusCode();

        // A refused client claiming the allowed address is still refused...
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        forged.Headers.Authorization = new("Bearer", elsewhereTokens.AccessToken);
        forged.Headers.Add("X-Forwarded-For", office.SourceAddress.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.Http.SendAsync(forged)).StatusCode);

        // ...and an allowed client claiming a refused address is still allowed: the header is not read at all.
        using var framed = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        framed.Headers.Authorization = new("Bearer", officeTokens.AccessToken);
        framed.Headers.Add("X-Forwarded-For", elsewhere.SourceAddress.ToString());
        Assert.Equal(HttpStatusCode.OK, (await office.Http.SendAsync(framed)).StatusCode);

        // The same at sign-in.
        using var stranger = accounts.NewSession();
        var (_, _, token) = await stranger.GetPageAsync("/signin");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = account.Email, ["Password"] = account.Password, ["ReturnUrl"] = "", ["__RequestVerificationToken"] = token!,
            }),
        };
        post.Headers.Add("X-Forwarded-For", office.SourceAddress.ToString());
        var response = await stranger.Http.SendAsync(post);
        Assert.Contains("does not allow sign-in from this network", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_as_trusted_proxy_forwards_the_browser_address_and_the_api_checks_that_one()
    {
        var (_, office, officeTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = office;
        (await office.SendAsync(HttpMethod.Put, "/api/ip-restrictions", officeTokens.AccessToken, List("enforce", (Single(office), "Office")))).EnsureSuccessStatusCode();

        // The portal's address (loopback 127.0.0.1 in run mode) is the configured proxy: its header counts.
        using var portal = platform.CreateHttpClient("api", "https");
        async Task<HttpStatusCode> AsBrowserAt(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
            request.Headers.Authorization = new("Bearer", officeTokens.AccessToken);
            request.Headers.Add("X-Forwarded-For", address);
            return (await portal.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await AsBrowserAt(office.SourceAddress.ToString()));
        Assert.Equal(HttpStatusCode.Forbidden, await AsBrowserAt("198.51.100.23"));
        var blocked = await Json(await office.SendAsync(HttpMethod.Get, "/api/ip-restrictions/blocked", officeTokens.AccessToken));
        Assert.Contains(blocked.EnumerateArray(), a => a.GetProperty("ipAddress").GetString() == "198.51.100.23" && a.GetProperty("channel").GetString() == "portal");
    }

    [Fact]
    public async Task One_organisations_list_does_not_affect_another()
    {
        var (_, first, firstTokens) = await accounts.OwnerWithTokensAsync();
        using var _ = first;
        var (_, second, secondTokens) = await accounts.OwnerWithTokensAsync();
        using var __ = second;

        (await first.SendAsync(HttpMethod.Put, "/api/ip-restrictions", firstTokens.AccessToken, List("enforce", (Single(first), "Office")))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(HttpMethod.Get, "/api/account", secondTokens.AccessToken)).StatusCode);
        var secondList = await Json(await second.SendAsync(HttpMethod.Get, "/api/ip-restrictions", secondTokens.AccessToken));
        Assert.Equal("off", secondList.GetProperty("mode").GetString());
        Assert.Empty(secondList.GetProperty("ranges").EnumerateArray());
        Assert.Empty((await Json(await second.SendAsync(HttpMethod.Get, "/api/ip-restrictions/blocked", secondTokens.AccessToken))).EnumerateArray());
    }

    [Fact]
    public async Task Malformed_ranges_and_missing_labels_are_refused_with_field_errors()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var response = await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken,
            List("report-only", ("10.0.0.1/8", "Typo"), ("300.1.2.3", "Bad"), ("2001:db8::/129", "Too long"), ("203.0.113.0/24", " "), ("not an address", "Words")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.Contains("10.0.0.0/8", errors.GetProperty("ranges[0].cidr")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("ranges[1].cidr", out var field1));
        Assert.True(errors.TryGetProperty("ranges[2].cidr", out var field2));
        Assert.True(errors.TryGetProperty("ranges[3].label", out var field3));
        Assert.True(errors.TryGetProperty("ranges[4].cidr", out var field4));

        var empty = await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken, List("enforce"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await Json(empty)).GetProperty("errors").TryGetProperty("ranges", out var field5));

        var check = await owner.SendAsync(HttpMethod.Post, "/api/ip-restrictions/check", tokens.AccessToken, new { address = "10.0.0.999" });
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        Assert.True((await Json(check)).GetProperty("errors").TryGetProperty("address", out var field6));

        var list = await Json(await owner.SendAsync(HttpMethod.Get, "/api/ip-restrictions", tokens.AccessToken));
        Assert.Equal("off", list.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Enforcing_a_list_without_your_own_address_needs_an_explicit_confirmation()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var unconfirmed = await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken, List("enforce", ("203.0.113.0/24", "Branch")));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        var error = (await Json(unconfirmed)).GetProperty("errors").GetProperty("confirmExcludingOwnAddress")[0].GetString();
        Assert.Contains(owner.SourceAddress.ToString(), error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).StatusCode);

        // Report-only cannot lock anyone out, so it needs no confirmation.
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken, List("report-only", ("203.0.113.0/24", "Branch")))).StatusCode);

        var confirmed = await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken,
            new { mode = "enforce", ranges = new[] { new { cidr = "203.0.113.0/24", label = "Branch" } }, confirmExcludingOwnAddress = true });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Check_an_ip_names_the_matching_range_and_the_decision()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        (await owner.SendAsync(HttpMethod.Put, "/api/ip-restrictions", tokens.AccessToken,
            List("report-only", ("203.0.113.0/24", "Branch"), ("2001:db8::/48", "VPN"), (Single(owner), "Me")))).EnsureSuccessStatusCode();

        var inside = await Json(await owner.SendAsync(HttpMethod.Post, "/api/ip-restrictions/check", tokens.AccessToken, new { address = "2001:db8:0:1::5" }));
        Assert.True(inside.GetProperty("inList").GetBoolean());
        Assert.Equal("VPN", inside.GetProperty("matchedLabel").GetString());
        Assert.Equal("allowed", inside.GetProperty("decision").GetString());

        var outside = await Json(await owner.SendAsync(HttpMethod.Post, "/api/ip-restrictions/check", tokens.AccessToken, new { address = "198.51.100.7" }));
        Assert.False(outside.GetProperty("inList").GetBoolean());
        Assert.Equal("would-block", outside.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Only_policy_managers_change_the_list()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (auditor, auditorTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, "auditor");
        using var __ = auditor;

        Assert.Equal(HttpStatusCode.OK, (await auditor.SendAsync(HttpMethod.Get, "/api/ip-restrictions", auditorTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(HttpMethod.Put, "/api/ip-restrictions", auditorTokens.AccessToken, List("report-only", ("203.0.113.0/24", "Branch")))).StatusCode);
    }

    private async Task<(ApiSession Session, TokenSet Tokens)> SignInFromAnotherAddressAsync(TestAccount account)
    {
        var session = accounts.NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await accounts.SignInAsync(session, account.Email, account.Password)).StatusCode);
        return (session, await accounts.AuthorizeAsync(session));
    }

    [Fact]
    public async Task A_list_change_reaches_another_api_instance_at_once_not_when_its_cached_copy_expires()
    {
        var (account, office, officeTokens) = await accounts.OwnerWithTokensAsync();
        using var officeSession = office;
        await using var other = await InProcessApi.CreateAsync(platform);
        var cache = other.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        Assert.NotNull(other.Server); // starts the instance and its subscription

        async Task<Viggotech.Core.IpRestrictions.IpAllowList> ReadInOtherAsync()
        {
            await using var scope = other.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Viggotech.Core.Tenancy.TenantContext>().Enter(account.TenantId);
            return await scope.ServiceProvider.GetRequiredService<Viggotech.Core.IpRestrictions.IpAllowLists>().CurrentAsync();
        }

        Assert.Empty((await ReadInOtherAsync()).Ranges);
        Assert.True(cache.TryGetValue(Viggotech.Core.IpRestrictions.IpAllowLists.Key(account.TenantId), out _));

        (await office.SendAsync(HttpMethod.Put, "/api/ip-restrictions", officeTokens.AccessToken, List("report-only", (Single(office), "Office")))).EnsureSuccessStatusCode();

        // Well inside the 10 s cache lifetime, the other instance has dropped its copy and reads the new list.
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (cache.TryGetValue(Viggotech.Core.IpRestrictions.IpAllowLists.Key(account.TenantId), out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var list = await ReadInOtherAsync();
        Assert.Equal("report-only", list.Mode);
        Assert.Single(list.Ranges);
    }

    private static string Single(ApiSession session) => session.SourceAddress + "/32";

    private static object List(string mode, params (string Cidr, string Label)[] ranges) =>
        new { mode, ranges = ranges.Select(r => new { cidr = r.Cidr, label = r.Label }).ToArray() };

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
