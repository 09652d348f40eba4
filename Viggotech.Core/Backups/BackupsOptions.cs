using Viggotech.Core.Crypto.Documents;

namespace Viggotech.Core.Backups;

/// <summary>The <c>Backups</c> configuration section.</summary>
public sealed class BackupsOptions
{
    public const string Section = "Backups";

    /// <summary>The container in each region's storage account that holds the backups.</summary>
    public string ContainerName { get; set; } = "backups";

    /// <summary>The Key Vault secret holding the ECDSA P-256 key that signs manifests (one version per key).</summary>
    public string SigningKeySecret { get; set; } = "backup-signing-key";

    /// <summary>A tenant is backed up when its last backup started longer ago than this.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A running backup whose heartbeat is older than this was interrupted (its Worker died).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A scheduled backup that failed is tried again after this long (not on every run: a tenant whose key is destroyed fails every time).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a backup in progress records its progress (and heartbeat).</summary>
    public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The latest backup of a tenant is restore-tested when its last test is older than this.</summary>
    public TimeSpan VerificationInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Plaintext bytes per encrypted chunk of a part.</summary>
    public int ChunkSize { get; set; } = 256 * 1024;

    /// <summary>Bytes per staged block when a part is uploaded.</summary>
    public int BlockSize { get; set; } = EncryptedBlobStore.DefaultBlockSize;
}
