namespace Viggotech.KeyVaultEmulator.Secrets.Contracts;

/// <summary>One secret version; <c>value</c> is left out where Key Vault leaves it out (update, recover).</summary>
public sealed record SecretBundle(
    string? Value,
    string Id,
    string? ContentType,
    SecretAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags)
{
    public static SecretBundle From(string name, SecretVersion version, VaultAddress vault, bool withValue) => new(
        withValue ? version.Value : null,
        vault.SecretId(name, version.Version),
        version.ContentType,
        SecretAttributes.From(version, vault),
        version.Tags);
}
