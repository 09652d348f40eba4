using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Backups.Format;

/// <summary>A manifest as read from its file: the content, its signature and the exact bytes the signature covers.</summary>
public sealed record SignedBackupManifest(BackupManifest Manifest, BackupManifestSignature Signature, byte[] SignedBytes)
{
    /// <summary>Checks the signature against <paramref name="keys"/> (the trusted, published keys).</summary>
    public AuditSignatureCheck VerifySignature(AuditKeySet keys) => keys.Verify(Signature.KeyId, SignedBytes, Signature.Value);

    /// <summary>Checks the signature against the key embedded in the manifest: proves consistency, not origin.</summary>
    public AuditSignatureCheck VerifyWithEmbeddedKey()
    {
        using var keys = new AuditKeySet([Signature.PublicKey]);
        return Signature.PublicKey.KeyId == Signature.KeyId ? VerifySignature(keys) : AuditSignatureCheck.UnknownKey;
    }
}
