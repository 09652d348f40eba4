using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Documents;

/// <summary>
/// A document's metadata as stored. The name is an encrypted envelope; the content lives
/// encrypted in <see cref="BlobName"/> under data key <see cref="KeyVersion"/>.
/// </summary>
public sealed class DocumentRecord : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required byte[] Name { get; set; }

    /// <summary>Plaintext size in bytes.</summary>
    public long Size { get; init; }

    public required string ContentType { get; init; }

    /// <summary>The user who uploaded it; null for uploads by the platform itself.</summary>
    public Guid? UploaderId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string BlobName { get; set; }

    public int KeyVersion { get; set; }
}
