namespace Viggotech.KeyVaultEmulator.Secrets.Contracts;

/// <summary>Key Vault's <c>attributes</c> object; times are Unix seconds, as on the wire.</summary>
public sealed record SecretAttributes(
    bool? Enabled = null,
    long? Nbf = null,
    long? Exp = null,
    long? Created = null,
    long? Updated = null,
    string? RecoveryLevel = null,
    int? RecoverableDays = null)
{
    public static SecretAttributes From(SecretVersion version, VaultAddress vault) => new(
        version.Enabled,
        version.NotBefore?.ToUnixTimeSeconds(),
        version.Expires?.ToUnixTimeSeconds(),
        version.Created.ToUnixTimeSeconds(),
        version.Updated.ToUnixTimeSeconds(),
        vault.RecoveryLevel,
        vault.RetentionDays);

    public static DateTimeOffset? Time(long? unixSeconds) =>
        unixSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
