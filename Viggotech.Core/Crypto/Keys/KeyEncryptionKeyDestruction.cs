namespace Viggotech.Core.Crypto.Keys;

/// <param name="Purged">True when the key is gone for good now; false when the vault's purge protection keeps it deleted until <paramref name="ScheduledPurgeDate"/>.</param>
public sealed record KeyEncryptionKeyDestruction(bool Purged, DateTimeOffset? ScheduledPurgeDate);
