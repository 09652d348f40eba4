using Viggotech.KeyVaultEmulator.Secrets;
using Viggotech.KeyVaultEmulator.Secrets.Contracts;

namespace Viggotech.KeyVaultEmulator.DeletedSecrets;

/// <summary>
/// A soft-deleted secret: its latest version's properties plus where and until when it can be
/// recovered. The value is not served while the secret is deleted.
/// </summary>
public sealed record DeletedSecretBundle(
    string Id,
    string? ContentType,
    SecretAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string RecoveryId,
    long DeletedDate,
    long ScheduledPurgeDate)
{
    public static DeletedSecretBundle From(StoredSecret secret, VaultAddress vault) =>
        Describe(secret, vault, vault.SecretId(secret.Name, secret.Latest.Version));

    /// <summary>Listing entries name the secret without a version, as Key Vault does.</summary>
    public static DeletedSecretBundle Item(StoredSecret secret, VaultAddress vault) =>
        Describe(secret, vault, vault.SecretId(secret.Name));

    private static DeletedSecretBundle Describe(StoredSecret secret, VaultAddress vault, string id)
    {
        var deletion = secret.Deleted ?? throw new InvalidOperationException($"Secret {secret.Name} is not deleted.");
        return new(
            id,
            secret.Latest.ContentType,
            SecretAttributes.From(secret.Latest, vault),
            secret.Latest.Tags,
            vault.RecoveryId(secret.Name),
            deletion.DeletedOn.ToUnixTimeSeconds(),
            deletion.ScheduledPurge.ToUnixTimeSeconds());
    }
}
