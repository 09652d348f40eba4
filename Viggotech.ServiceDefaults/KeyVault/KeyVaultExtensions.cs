using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.ServiceDefaults.KeyVault;

namespace Microsoft.Extensions.Hosting;

public static class KeyVaultExtensions
{
    /// <summary>
    /// Registers one <see cref="SecretClient"/> for the platform's vault, whose URI is
    /// <c>ConnectionStrings:keyvault</c>. Production authenticates with
    /// <see cref="DefaultAzureCredential"/> (the app's managed identity). With
    /// <c>KeyVault:Emulator=true</c> (run mode and tests) it talks to the local emulator: a fixed
    /// development token, and no check that the challenge names a *.vault.azure.net resource.
    /// </summary>
    /// <param name="configureOptions">Adjusts the client options, for example a transport that pins a test certificate.</param>
    public static TBuilder AddPlatformKeyVault<TBuilder>(this TBuilder builder, Action<SecretClientOptions>? configureOptions = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(_ =>
        {
            // Read when the client is first needed, so a missing setting fails where logging already works.
            var vault = builder.Configuration.GetConnectionString(PlatformKeyVault.ConnectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{PlatformKeyVault.ConnectionName} is not configured.");
            var emulator = builder.Configuration.GetValue<bool>(PlatformKeyVault.EmulatorSetting);
            var options = new SecretClientOptions { DisableChallengeResourceVerification = emulator };
            configureOptions?.Invoke(options);
            TokenCredential credential = emulator ? new EmulatorCredential() : new DefaultAzureCredential();
            return new SecretClient(new Uri(vault), credential, options);
        });
        return builder;
    }
}
