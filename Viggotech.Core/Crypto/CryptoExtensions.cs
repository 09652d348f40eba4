using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Identity;

namespace Microsoft.Extensions.Hosting;

public static class CryptoExtensions
{
    /// <summary>
    /// Encryption at rest: the tenants' key-encryption keys in Key Vault (needs
    /// <see cref="KeyVaultExtensions.AddPlatformKeyVault{TBuilder}"/>), their data keys, the
    /// unwrapped-key cache (section <c>Crypto</c>), key life-cycle operations
    /// (<see cref="TenantKeys"/>) and the re-encryption that follows a data key rotation.
    /// </summary>
    public static TBuilder AddPlatformEncryption<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<CryptoOptions>().Bind(builder.Configuration.GetSection(CryptoOptions.Section))
            .Validate(o => o.ReencryptionBatchSize > 0 && o.ReencryptionDocumentBatchSize > 0 && o.ReencryptionBatchesPerRun > 0, "Re-encryption batch sizes must be positive.");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IKeyEventSink, LoggingKeyEventSink>();
        builder.Services.TryAddSingleton<DataKeyCache>();
        builder.Services.TryAddSingleton<KeyEncryptionKeys>();
        builder.Services.TryAddSingleton<TenantKeys>();
        builder.Services.TryAddScoped<TenantKeyring>();
        builder.Services.TryAddScoped<DataKeyReencryption>();
        // Users' authenticator secrets are under the same data key as everything else the tenant keeps.
        builder.Services.AddSingleton<IReencryptionTarget, AuthenticatorKeyTarget>();
        return builder;
    }

    /// <summary>Puts a table's encrypted columns under the rotation job's care.</summary>
    public static IServiceCollection AddEncryptedTable(this IServiceCollection services, EncryptedTable table)
    {
        services.AddSingleton<IReencryptionTarget>(new EncryptedTableTarget(table));
        return services;
    }
}
