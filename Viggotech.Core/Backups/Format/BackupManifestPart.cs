namespace Viggotech.Core.Backups.Format;

/// <summary>
/// One part of a backup as its manifest lists it. <see cref="Size"/> and <see cref="Sha256"/> are
/// of the stored bytes (anyone can check them, no key needed); <see cref="ContentSize"/> and
/// <see cref="ContentSha256"/> of the plaintext before compression and encryption, which a restore
/// test compares with what it reads back out of the restored database.
/// </summary>
public sealed record BackupManifestPart(
    string Name,
    Guid Id,
    BackupPartKind Kind,
    string? Table,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> KeyColumns,
    long Rows,
    string Compression,
    long Size,
    string Sha256,
    long ContentSize,
    string ContentSha256)
{
    public const string Gzip = "gzip";
    public const string NoCompression = "none";
}
