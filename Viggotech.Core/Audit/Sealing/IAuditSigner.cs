namespace Viggotech.Core.Audit.Sealing;

/// <summary>Signs seals and prune records with the current audit key.</summary>
public interface IAuditSigner
{
    /// <summary>The key version id published in the JWKS, written into what it signs.</summary>
    string KeyId { get; }

    /// <summary>ES256 over <paramref name="data"/>: ECDSA P-256 with SHA-256, IEEE P1363 (r ‖ s, 64 bytes).</summary>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
