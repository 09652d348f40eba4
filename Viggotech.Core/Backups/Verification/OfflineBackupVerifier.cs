using System.Security.Cryptography;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Backups.Format;

namespace Viggotech.Core.Backups.Verification;

/// <summary>What an offline check of a backup established; <see cref="TrustedKey"/> says whether the signature was checked against published keys or only the embedded one.</summary>
public sealed record OfflineBackupCheck(BackupManifest Manifest, string KeyId, bool TrustedKey);

/// <summary>
/// Checks a backup without its keys, as <c>viggotech backup verify</c> does: the manifest's
/// signature, then every part's size and SHA-256 and the SHA-256 of the whole. It proves the
/// stored bytes are the ones the platform wrote; decrypting them takes the tenant's key, which
/// only the platform holds.
/// </summary>
public static class OfflineBackupVerifier
{
    /// <param name="openPart">Opens a part by file name; null when it is missing.</param>
    /// <param name="trusted">The published backup signing keys; null checks against the key in the manifest.</param>
    /// <exception cref="BackupFormatException">Not a backup manifest: nothing could be checked.</exception>
    /// <exception cref="BackupVerificationException">The signature or a part does not match, naming which.</exception>
    public static async Task<OfflineBackupCheck> VerifyAsync(byte[] manifestBytes, Func<string, Stream?> openPart, AuditKeySet? trusted,
        CancellationToken cancellationToken = default)
    {
        var signed = BackupManifestJson.Read(manifestBytes);
        var check = trusted is null ? signed.VerifyWithEmbeddedKey() : signed.VerifySignature(trusted);
        if (check != AuditSignatureCheck.Valid)
        {
            throw new BackupVerificationException(check == AuditSignatureCheck.UnknownKey
                ? $"the manifest is signed with key {signed.Signature.KeyId}, which is not among the trusted keys"
                : "the manifest's signature does not verify: it was changed after it was signed");
        }

        var manifest = signed.Manifest;
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var buffer = new byte[128 * 1024];
        foreach (var part in manifest.Parts)
        {
            await using var stream = openPart(part.Name) ?? throw new BackupVerificationException($"part {part.Name} is missing");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
                whole.AppendData(buffer.AsSpan(0, read));
                size += read;
            }

            if (size != part.Size || Convert.ToHexStringLower(hash.GetCurrentHash()) != part.Sha256)
            {
                throw new BackupVerificationException($"part {part.Name} does not match its manifest entry (size {size} of {part.Size}, or its SHA-256 differs)");
            }

            total += size;
        }

        if (total != manifest.Size || Convert.ToHexStringLower(whole.GetCurrentHash()) != manifest.Sha256)
        {
            throw new BackupVerificationException("the parts together do not match the manifest's SHA-256 of the whole backup");
        }

        return new OfflineBackupCheck(manifest, signed.Signature.KeyId, trusted is not null);
    }
}
