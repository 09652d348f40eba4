namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// The members of an event the chain check reads. <see cref="TenantJson"/> is the tenant string as
/// it appears in canonical JSON (escaped, without quotes), compared byte for byte.
/// </summary>
internal ref struct EventChainFields
{
    public long Version;
    public long Sequence;
    public AuditHash Previous;
    public ReadOnlySpan<byte> TenantJson;
    public bool HasVersion;
    public bool HasSequence;
    public bool HasPrevious;
    public bool HasTenant;

    public readonly bool IsComplete => HasVersion && HasSequence && HasPrevious && HasTenant;
}
