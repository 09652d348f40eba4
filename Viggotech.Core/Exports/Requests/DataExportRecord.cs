using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Exports.Requests;

/// <summary>One export an admin asked for: how far it got, where the encrypted file is, and its single-use download.</summary>
public sealed class DataExportRecord : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    /// <summary>The user who asked (their id); only what they set, the passphrase, opens it.</summary>
    public required string RequestedBy { get; init; }

    public DataExportStatus Status { get; set; }

    public string? Step { get; set; }

    public int Percent { get; set; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>24 hours after it is ready; the file is deleted then if it was not downloaded.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 of the download token handed to the requester once; the token itself is never stored.</summary>
    public required byte[] DownloadTokenHash { get; init; }

    public DateTimeOffset? DownloadedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>
    /// The archive key derived from the passphrase, sealed under the tenant's data key and bound to
    /// this row (<see cref="DataExportsTable.SealedKey"/>), for the Worker that builds the export.
    /// Erased once the export is ready, failed or expired. The passphrase itself is never stored.
    /// </summary>
    public byte[]? SealedKey { get; set; }

    /// <summary>The PBKDF2 salt the key was derived under; written into the file's header, so not secret.</summary>
    public byte[]? KeySalt { get; set; }

    public int KeyIterations { get; set; }

    /// <summary>How many builds were started; each writes its own file, and only the latest may mark the export ready.</summary>
    public int Attempts { get; set; }
}

[System.Text.Json.Serialization.JsonConverter(typeof(Viggotech.Core.Backups.CamelCaseEnumConverter<DataExportStatus>))]
public enum DataExportStatus
{
    Requested,
    Building,
    Ready,
    Downloaded,
    Expired,
    Failed,
}
