using System.Net;
using System.Text.Json;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

/// <summary>The audit trail in the running platform: the Worker seals with a Key Vault key and the Api publishes it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditTrailTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_api_publishes_the_signing_key_the_worker_keeps_in_key_vault_to_anyone()
    {
        using var client = platform.CreateHttpClient(ResourceNames.Api, "https");

        // The Worker's sealing job runs as soon as it starts; its key is published before it signs.
        AuditKeySet? keys = null;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (keys is not { Count: > 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, "no audit signing key was published within 90 s");
            using var response = await client.GetAsync("/.well-known/viggotech-audit-keys");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
            keys?.Dispose();
            keys = AuditKeySet.ParseJwks(await response.Content.ReadAsByteArrayAsync());
            if (keys.Count == 0)
            {
                await Task.Delay(1000);
            }
        }

        using (keys)
        {
            Assert.All(keys.Keys, key => Assert.StartsWith("audit-signing-key/", key.KeyId, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("/api/audit/events")]
    [InlineData("/api/audit/events?after=0&limit=10")]
    [InlineData("/api/audit/export")]
    public async Task Without_a_signed_in_tenant_the_audit_trail_is_refused_with_a_problem(string path)
    {
        using var client = platform.CreateHttpClient(ResourceNames.Api, "https");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }
}
