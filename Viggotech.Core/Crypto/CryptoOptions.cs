namespace Viggotech.Core.Crypto;

/// <summary>The <c>Crypto</c> configuration section.</summary>
public sealed class CryptoOptions
{
    public const string Section = "Crypto";

    /// <summary>
    /// How long an unwrapped data key stays in memory after it was unwrapped (absolute, not
    /// sliding): the bound on how long a process can still read a tenant's data after its
    /// key-encryption key was destroyed or a key version disabled elsewhere.
    /// </summary>
    public TimeSpan KeyCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows (or documents, see <see cref="ReencryptionDocumentBatchSize"/>) re-encrypted per transaction by the rotation job.</summary>
    public int ReencryptionBatchSize { get; set; } = 200;

    /// <summary>Documents re-encrypted per transaction: each is a whole blob downloaded and uploaded again.</summary>
    public int ReencryptionDocumentBatchSize { get; set; } = 4;

    /// <summary>Batches one tenant gets per run of the rotation job before the next tenant's turn.</summary>
    public int ReencryptionBatchesPerRun { get; set; } = 500;

    /// <summary>How long the blob a document was re-encrypted away from stays, so downloads already streaming it finish.</summary>
    public TimeSpan ReplacedBlobGracePeriod { get; set; } = TimeSpan.FromMinutes(15);
}
