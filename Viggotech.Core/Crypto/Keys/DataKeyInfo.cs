namespace Viggotech.Core.Crypto.Keys;

/// <summary>What the key management page shows of one data key version; never key material.</summary>
public sealed record DataKeyInfo(int Version, DataKeyStatus Status, string? KekVersion, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, DateTimeOffset? DestroyedAt);
