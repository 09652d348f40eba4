using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class KeyVaultExtensions
{
    public const string ConnectionName = "keyvault";

    /// <summary>
    /// Registers one <see cref="SecretClient"/> for the vault named by <c>ConnectionStrings:keyvault</c>.
    /// Production authenticates with <see cref="DefaultAzureCredential"/> (managed identity); with
    /// <c>KeyVault:Emulator=true</c> (run mode and tests) it talks to the local emulator, which
    /// accepts any bearer token but serves only HTTPS from the local CA.
    /// </summary>
    public static TBuilder AddKeyVaultSecrets<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(_ =>
        {
            var uri = builder.Configuration.GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not configured.");
            var emulator = builder.Configuration.GetValue<bool>("KeyVault:Emulator");
            TokenCredential credential = emulator ? new EmulatorCredential() : new DefaultAzureCredential();
            return new SecretClient(new Uri(uri), credential, new SecretClientOptions
            {
                // The emulator's challenge names no real Azure resource.
                DisableChallengeResourceVerification = emulator,
            });
        });
        return builder;
    }

    /// <summary>The emulator checks that a bearer token is present, not what it says.</summary>
    private sealed class EmulatorCredential : TokenCredential
    {
        private static readonly AccessToken Token = new("local-emulator", DateTimeOffset.MaxValue);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}
