namespace Viggotech.ServiceDefaults.KeyVault;

public static class PlatformKeyVault
{
    /// <summary>The connection string (<c>ConnectionStrings:keyvault</c>) holding the vault URI.</summary>
    public const string ConnectionName = "keyvault";

    /// <summary>True in run mode and tests, where the vault is tools/KeyVaultEmulator.</summary>
    public const string EmulatorSetting = "KeyVault:Emulator";
}
