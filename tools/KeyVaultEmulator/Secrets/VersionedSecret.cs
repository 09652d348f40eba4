namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>One version of a named secret, as served by get and update.</summary>
public sealed record VersionedSecret(string Name, SecretVersion Version);
