using Aspire.Hosting;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.TestHost;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Api.Sessions;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

/// <summary>
/// The real Api built in this process with exactly the configuration the AppHost gives the running
/// one (same database, Key Vault, signing keys), so its endpoint list is the real one and tokens of
/// the running platform are valid here. <paramref name="overrides"/> replaces settings (another Redis).
/// </summary>
internal static class InProcessApi
{
    public static async Task<WebApplicationFactory<RedisSessionStore>> CreateAsync(PlatformFixture platform, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var api = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
#pragma warning disable CS0618 // The evaluated environment is exactly what the running Api received.
        var environment = await api.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
        return new WebApplicationFactory<RedisSessionStore>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in environment)
            {
                host.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
            {
                host.UseSetting(key, value);
            }

            // The running Api trusts the local CA through SSL_CERT_FILE; this process trusts it through this handler.
            host.ConfigureTestServices(services => services.AddSingleton(new SecretClient(
                new Uri(environment["ConnectionStrings__keyvault"]), new EmulatorToken(),
                new SecretClientOptions { DisableChallengeResourceVerification = true, Transport = new HttpClientTransport(platform.CreateTrustingHandler()) })));
        });
    }
}

/// <summary>The Key Vault emulator accepts any bearer token.</summary>
internal sealed class EmulatorToken : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("emulator", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
