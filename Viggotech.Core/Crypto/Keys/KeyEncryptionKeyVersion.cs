namespace Viggotech.Core.Crypto.Keys;

/// <summary>One Key Vault version of a tenant's key-encryption key, as the key management page shows it.</summary>
public sealed record KeyEncryptionKeyVersion(string Version, DateTimeOffset? CreatedAt, bool Enabled);
