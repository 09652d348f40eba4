namespace Viggotech.Core.Backups.Format;

/// <summary>
/// What a backup holds and how to check it (docs/backup-format.md): every part with its hashes and
/// row count, the SHA-256 of all parts concatenated in order, the schema version and the wrapped
/// backup key. Signed with the platform's backup signing key; written after every part, so a
/// backup without a manifest is incomplete by definition.
/// </summary>
public sealed record BackupManifest(
    Guid BackupId,
    Guid TenantId,
    DateTimeOffset SnapshotAt,
    DateTimeOffset CompletedAt,
    string SchemaVersion,
    BackupKeyReference Key,
    IReadOnlyList<BackupManifestPart> Parts,
    long Size,
    string Sha256)
{
    public const string FormatName = "viggotech-backup/1";
    public const string FileName = "manifest.json";

    public long Rows => Parts.Sum(part => part.Rows);
}

/// <summary>The backup key as stored: wrapped with AES-256-GCM under version <see cref="KekVersion"/> of the tenant's KEK secret <see cref="KekName"/>.</summary>
public sealed record BackupKeyReference(string KekName, string KekVersion, byte[] WrappedKey);

/// <summary>An ES256 signature over the manifest's canonical JSON (RFC 8785) without its <c>signature</c> member.</summary>
public sealed record BackupManifestSignature(string KeyId, Viggotech.Core.Audit.Sealing.AuditPublicKey PublicKey, byte[] Value)
{
    public const string Algorithm = "ES256";
}
