namespace Viggotech.KeyVaultEmulator.Secrets.Contracts;

/// <summary>An entry of a secret listing: properties without the value.</summary>
public sealed record SecretItem(
    string Id,
    string? ContentType,
    SecretAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags)
{
    /// <summary>For the secrets listing, whose ids name the secret without a version.</summary>
    public static SecretItem Latest(StoredSecret secret, VaultAddress vault) => new(
        vault.SecretId(secret.Name),
        secret.Latest.ContentType,
        SecretAttributes.From(secret.Latest, vault),
        secret.Latest.Tags);

    /// <summary>For the versions listing, whose ids name each version.</summary>
    public static SecretItem Version(string name, SecretVersion version, VaultAddress vault) => new(
        vault.SecretId(name, version.Version),
        version.ContentType,
        SecretAttributes.From(version, vault),
        version.Tags);
}
