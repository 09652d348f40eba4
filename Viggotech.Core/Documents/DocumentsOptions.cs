using Viggotech.Core.Crypto.Documents;

namespace Viggotech.Core.Documents;

/// <summary>The <c>Documents</c> configuration section.</summary>
public sealed class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>The storage connection string (<c>ConnectionStrings:storage-a</c>: the primary region's account).</summary>
    public const string StorageConnectionName = "storage-a";

    public string ContainerName { get; set; } = "documents";

    /// <summary>The upload limit when a tenant has not set its own.</summary>
    public long DefaultMaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Plaintext bytes per encrypted chunk.</summary>
    public int ChunkSize { get; set; } = DocumentCipher.DefaultChunkSize;

    /// <summary>Bytes per staged block: the upload buffer.</summary>
    public int BlockSize { get; set; } = EncryptedBlobStore.DefaultBlockSize;

    /// <summary>Encrypted uploads of known length up to this size go to storage in one request; longer ones in staged blocks.</summary>
    public long SingleRequestMaxBytes { get; set; } = EncryptedBlobStore.DefaultSingleRequestMaxBytes;

    /// <summary>How long a committed blob may wait for its metadata before the sweep deletes it as abandoned.</summary>
    public TimeSpan AbandonedUploadAfter { get; set; } = TimeSpan.FromHours(1);
}
