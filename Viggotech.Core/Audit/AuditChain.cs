namespace Viggotech.Core.Audit;

/// <summary>Links events into a tenant's hash chain.</summary>
public static class AuditChain
{
    /// <summary>
    /// The next link after <paramref name="head"/>. Callers must serialise appends per tenant
    /// (the head they pass must be the current one) or two events will claim the same place.
    /// </summary>
    public static ChainedAuditEvent Append(AuditChainHead head, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        // Hash what will be stored: the format keeps microseconds.
        var stored = auditEvent with { Time = AuditTime.Truncate(auditEvent.Time) };
        var sequence = head.Sequence + 1;
        return new ChainedAuditEvent(sequence, head.Hash, stored, Hash(sequence, head.Hash, stored));
    }

    /// <summary>SHA-256 of the event's canonical JSON, which includes its sequence and the previous hash.</summary>
    public static AuditHash Hash(long sequence, AuditHash previous, AuditEvent auditEvent) =>
        AuditHash.Of(AuditEventJson.ToCanonicalJson(sequence, previous, auditEvent));

    /// <summary>Whether the event's recorded hash matches its content.</summary>
    public static bool IsIntact(ChainedAuditEvent link) =>
        Hash(link.Sequence, link.Previous, link.Event) == link.Hash;
}
