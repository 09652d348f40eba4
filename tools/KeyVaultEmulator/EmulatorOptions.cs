namespace Viggotech.KeyVaultEmulator;

/// <summary>The <c>KeyVault</c> configuration section.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "KeyVault";

    /// <summary>Folder for secrets and the TLS certificate; relative paths start at the content root.</summary>
    public string DataPath { get; set; } = "./.local/keyvault";

    /// <summary>
    /// Tenant named in the bearer challenge. The SDK passes it to the credential as the tenant to
    /// ask for a token; the emulator never checks the token, so any GUID works.
    /// </summary>
    public Guid TenantId { get; set; } = Guid.Parse("00000000-0000-0000-0000-0000000000ee");

    /// <summary>Days a deleted secret stays recoverable; Azure allows 7 to 90 and defaults to 90.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Whether a background job purges deleted secrets whose scheduled purge date has passed.</summary>
    public bool PurgeExpiredDeletedSecrets { get; set; } = true;
}
