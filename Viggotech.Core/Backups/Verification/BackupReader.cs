using System.IO.Compression;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Backups.Verification;

/// <summary>
/// Reads one stored backup back, checking as it goes: the manifest's signature against the
/// platform's backup signing keys, the wrapped key under the tenant's KEK, then every part in
/// manifest order (its stored SHA-256 and size, each chunk's authentication tag, its content
/// SHA-256 after decompression) and finally the SHA-256 of the whole. Reads region A, or region
/// B when region A does not have the backup. Any mismatch throws <see cref="BackupVerificationException"/>
/// naming the part.
/// </summary>
public sealed class BackupReader : IDisposable
{
    private readonly BlobContainerClient source;
    private readonly BackupKey key;

    private BackupReader(BlobContainerClient source, SignedBackupManifest manifest, BackupKey key, string region)
    {
        this.source = source;
        this.key = key;
        Manifest = manifest.Manifest;
        Region = region;
    }

    public BackupManifest Manifest { get; }

    /// <summary>Which region's copy is being read: <c>a</c> or <c>b</c>.</summary>
    public string Region { get; }

    public static async Task<BackupReader> OpenAsync(BackupStorage storage, BackupSigningKeys signingKeys, KeyEncryptionKeys keyEncryptionKeys,
        Guid tenantId, Guid backupId, CancellationToken cancellationToken)
    {
        var (container, region, bytes) = await ManifestAsync(storage, tenantId, backupId, cancellationToken);
        var signed = BackupManifestJson.Read(bytes);
        using (var keys = await signingKeys.PublicKeysAsync(cancellationToken))
        {
            var check = signed.VerifySignature(keys);
            if (check != AuditSignatureCheck.Valid)
            {
                throw new BackupVerificationException(check == AuditSignatureCheck.UnknownKey
                    ? $"the manifest is signed with key {signed.Signature.KeyId}, which is not a platform backup signing key"
                    : "the manifest's signature does not verify: it was changed after it was signed");
            }
        }

        var manifest = signed.Manifest;
        if (manifest.TenantId != tenantId || manifest.BackupId != backupId)
        {
            throw new BackupVerificationException("the manifest belongs to another backup or tenant");
        }

        if (manifest.Key.KekName != KeyEncryptionKeys.SecretName(tenantId))
        {
            throw new BackupVerificationException("the backup key is wrapped under another tenant's key-encryption key");
        }

        var kek = await keyEncryptionKeys.GetAsync(tenantId, manifest.Key.KekVersion, cancellationToken);
        try
        {
            var key = BackupKey.Unwrap(kek, manifest.Key.WrappedKey, tenantId, backupId, manifest.Key.KekVersion);
            return new BackupReader(container, signed, key, region);
        }
        catch (CryptographicException e)
        {
            throw new BackupVerificationException("the wrapped backup key does not unwrap under the tenant's key-encryption key", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>
    /// Streams every part's plaintext to <paramref name="consume"/>, in manifest order. What the
    /// consumer leaves unread is read and checked anyway.
    /// </summary>
    public async Task ReadPartsAsync(Func<BackupManifestPart, Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        foreach (var part in Manifest.Parts)
        {
            using var stored = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var blob = source.GetBlobClient(BackupStorage.BlobName(Manifest.TenantId, Manifest.BackupId, part.Name));
            Stream raw;
            try
            {
                raw = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new BackupVerificationException($"part {part.Name} is missing", e);
            }

            var hashing = new HashingStream(raw, leaveOpen: false, stored, whole);
            long contentSize;
            try
            {
                await using var decrypted = await BackupPartCipher.OpenAsync(hashing, key, Manifest.TenantId, part.Id, cancellationToken);
                await using var decompressed = part.Compression == BackupManifestPart.Gzip
                    ? new GZipStream(decrypted, CompressionMode.Decompress, leaveOpen: true)
                    : decrypted;
                await using var plaintext = new HashingStream(decompressed, leaveOpen: true, content);
                await consume(part, plaintext, cancellationToken);
                await plaintext.CopyToAsync(Stream.Null, cancellationToken);
                contentSize = plaintext.Count;
                // The decompressor stops at the end of its data; the last chunk must still be authenticated.
                if (!ReferenceEquals(decompressed, decrypted) && await decrypted.ReadAsync(new byte[1], cancellationToken) != 0)
                {
                    throw new InvalidDataException("data follows the compressed content");
                }
                // Anything after the final chunk (already an integrity failure) still counts towards the hash.
                await hashing.CopyToAsync(Stream.Null, cancellationToken);
            }
            catch (Crypto.DataIntegrityException e)
            {
                throw new BackupVerificationException($"part {part.Name} failed authentication ({e.Failure}): it was altered, cut short or swapped", e);
            }
            catch (InvalidDataException e)
            {
                throw new BackupVerificationException($"part {part.Name} does not decompress or parse: {e.Message}", e);
            }

            var storedHash = Convert.ToHexStringLower(stored.GetCurrentHash());
            if (hashing.Count != part.Size || storedHash != part.Sha256)
            {
                throw new BackupVerificationException($"part {part.Name} does not match its manifest entry (size {hashing.Count} of {part.Size}, SHA-256 {storedHash})");
            }

            if (contentSize != part.ContentSize || Convert.ToHexStringLower(content.GetCurrentHash()) != part.ContentSha256)
            {
                throw new BackupVerificationException($"part {part.Name} decrypts to content other than the manifest describes");
            }

            total += hashing.Count;
        }

        if (total != Manifest.Size || Convert.ToHexStringLower(whole.GetCurrentHash()) != Manifest.Sha256)
        {
            throw new BackupVerificationException("the parts together do not match the manifest's SHA-256 of the whole backup");
        }
    }

    public void Dispose() => key.Dispose();

    private static async Task<(BlobContainerClient Container, string Region, byte[] Manifest)> ManifestAsync(BackupStorage storage, Guid tenantId, Guid backupId,
        CancellationToken cancellationToken)
    {
        var name = BackupStorage.BlobName(tenantId, backupId, BackupManifest.FileName);
        RequestFailedException? regionAFailure = null;
        try
        {
            var content = await storage.RegionA.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return (storage.RegionA, "a", content.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404 || e.Status >= 500 || e.Status == 0)
        {
            regionAFailure = e;
        }

        try
        {
            var content = await storage.RegionB.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return (storage.RegionB, "b", content.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BackupVerificationException(
                regionAFailure.Status == 404 ? "the backup has no manifest in either region: it is incomplete or was deleted" : "region A is unreachable and region B has no copy of the backup",
                regionAFailure);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException)
        {
            throw new BackupVerificationException("the backup's manifest could not be read from either region", e);
        }
    }
}
