namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// The members of an event the chain check reads. Strings are kept as where they lie in the
/// canonical JSON (escaped, without quotes): the tenant is compared byte for byte, and "prev" is
/// usually the hash just computed for the event before, so it rarely needs decoding.
/// </summary>
internal struct EventChainFields
{
    public long Version;
    public long Sequence;
    public int PreviousStart;
    public int PreviousLength;
    public int TenantStart;
    public int TenantLength;
    public bool HasVersion;
    public bool HasSequence;
    public bool HasPrevious;
    public bool HasTenant;

    /// <summary>The first way the event breaks the event schema, or null.</summary>
    public string? SchemaError;

    public readonly bool IsComplete => HasVersion && HasSequence && HasPrevious && HasTenant;

    public readonly ReadOnlySpan<byte> Tenant(ReadOnlySpan<byte> json) => json.Slice(TenantStart, TenantLength);

    /// <summary>The "prev" value as written, still hex.</summary>
    public readonly ReadOnlySpan<byte> Previous(ReadOnlySpan<byte> json) => json.Slice(PreviousStart, PreviousLength);
}
