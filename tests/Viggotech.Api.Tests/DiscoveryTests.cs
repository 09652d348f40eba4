using System.Net;
using System.Text.Json;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class DiscoveryTests(PlatformFixture platform)
{
    [Fact]
    public async Task Discovery_advertises_only_the_code_flow_and_S256()
    {
        using var client = platform.CreateHttpClient("api", "https");

        var document = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(["code"], document.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["S256"], document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var grants = document.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain("password", grants);
        Assert.DoesNotContain("implicit", grants);
        Assert.Contains("refresh_token", grants);
        Assert.True(document.TryGetProperty("revocation_endpoint", out _));
        Assert.True(document.TryGetProperty("introspection_endpoint", out _));
        Assert.Equal(platform.Endpoint("api", "https").ToString().TrimEnd('/') + "/", document.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Signing_keys_are_published_from_Key_Vault()
    {
        using var client = platform.CreateHttpClient("api", "https");

        var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks")).RootElement;

        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/openid-configuration")).StatusCode);
    }
}
