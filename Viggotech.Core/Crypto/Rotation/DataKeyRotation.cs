using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>
/// A data key rotation and the progress of re-encrypting the tenant's data onto its new version.
/// The cursor and counters are committed with each batch, so a job that dies resumes where its
/// last committed batch ended.
/// </summary>
public sealed class DataKeyRotation : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public int TargetVersion { get; init; }

    public RotationStatus Status { get; set; }

    /// <summary>The re-encryption target being worked through (a table or the document blobs); null before the first.</summary>
    public string? CurrentTarget { get; set; }

    /// <summary>The last row id of <see cref="CurrentTarget"/> that was handled; null at its start.</summary>
    public Guid? Cursor { get; set; }

    /// <summary>
    /// 1 for the first pass over everything. A pass ends with a check, under lock, that nothing
    /// is left under an older version; values written under one meanwhile start another pass.
    /// </summary>
    public int Pass { get; set; } = 1;

    public long ValuesReencrypted { get; set; }

    public long DocumentsReencrypted { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
