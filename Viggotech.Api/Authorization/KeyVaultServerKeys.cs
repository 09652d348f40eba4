using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Viggotech.Api.Authorization;

/// <summary>
/// The authorization server's signing key (RSA) and encryption key (AES-256), kept in Key Vault
/// as versioned secrets and created there on first start. The newest version signs and encrypts;
/// every enabled, unexpired older version stays published (signing) and usable (decryption), so
/// tokens issued before a rotation stay valid until they expire. Rotating = adding a version
/// (<see cref="RotateAsync"/>), picked up at the next start; retiring = disabling the old version.
/// </summary>
public sealed class KeyVaultServerKeys(SecretClient secrets, ILogger<KeyVaultServerKeys> logger) : IConfigureOptions<OpenIddictServerOptions>
{
    public const string SigningSecretName = "oidc-signing-key";
    public const string EncryptionSecretName = "oidc-encryption-key";

    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built once, before the first request; Key Vault is reachable by then (the AppHost waits for it).
        var signing = LoadOrCreateAsync(SigningSecretName, NewSigningKey).GetAwaiter().GetResult();
        foreach (var (version, value) in signing)
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(value), out _);
            options.SigningCredentials.Add(new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = version }, SecurityAlgorithms.RsaSha256));
        }

        var encryption = LoadOrCreateAsync(EncryptionSecretName, NewEncryptionKey).GetAwaiter().GetResult();
        foreach (var (version, value) in encryption)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(value)) { KeyId = version },
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }

        logger.LogInformation("Loaded {SigningKeys} signing and {EncryptionKeys} encryption key versions from Key Vault", signing.Count, encryption.Count);
    }

    /// <summary>Adds a new version of both keys; the running servers keep the old ones until restarted.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken = default)
    {
        await secrets.SetSecretAsync(SigningSecretName, NewSigningKey(), cancellationToken);
        await secrets.SetSecretAsync(EncryptionSecretName, NewEncryptionKey(), cancellationToken);
    }

    private async Task<List<(string Version, string Value)>> LoadOrCreateAsync(string name, Func<string> create)
    {
        var now = DateTimeOffset.UtcNow;
        var versions = new List<SecretProperties>();
        try
        {
            await foreach (var properties in secrets.GetPropertiesOfSecretVersionsAsync(name))
            {
                if (properties.Enabled != false && (properties.ExpiresOn is null || properties.ExpiresOn > now))
                {
                    versions.Add(properties);
                }
            }
        }
        catch (RequestFailedException problem) when (problem.Status == 404)
        {
            // No secret yet: first start.
        }

        if (versions.Count == 0)
        {
            var created = await secrets.SetSecretAsync(name, create());
            return [(created.Value.Properties.Version, created.Value.Value)];
        }

        var keys = new List<(string, string)>();
        foreach (var properties in versions.OrderByDescending(p => p.CreatedOn))
        {
            var secret = await secrets.GetSecretAsync(name, properties.Version);
            keys.Add((properties.Version, secret.Value.Value));
        }

        return keys;
    }

    private static string NewSigningKey()
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
    }

    private static string NewEncryptionKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
