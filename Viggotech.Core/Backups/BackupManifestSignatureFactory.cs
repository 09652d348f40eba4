using System.Security.Cryptography;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Backups.Format;

namespace Viggotech.Core.Backups;

/// <summary>One signing key version in memory, for the manifests of one run; disposing it drops the key.</summary>
public sealed class BackupManifestSignatureFactory(string keyId, ECDsa key) : IDisposable
{
    public string KeyId => keyId;

    public BackupManifestSignature Sign(BackupManifest manifest)
    {
        var signature = key.SignData(BackupManifestJson.SignedBytes(manifest), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new BackupManifestSignature(keyId, AuditPublicKey.FromEcdsa(keyId, key), signature);
    }

    public void Dispose() => key.Dispose();
}
