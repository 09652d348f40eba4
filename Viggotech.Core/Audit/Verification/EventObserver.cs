using System.Buffers;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// Turns an event line's body into the facts the chain check needs, hashing the canonical form.
/// Reuses its buffers, so verifying millions of events allocates next to nothing.
/// </summary>
internal sealed class EventObserver(byte[] tenantJson)
{
    private readonly JsonCanonicalizer canonicalizer = new();
    private readonly ArrayBufferWriter<byte> rewritten = new(1024);

    /// <exception cref="AuditFormatException">The event lacks its chain fields.</exception>
    /// <exception cref="System.Text.Json.JsonException">The event is not acceptable JSON (duplicate names, invalid Unicode).</exception>
    public ObservedEvent Observe(ReadOnlySpan<byte> body, ReadOnlySpan<byte> recordedHash, long line)
    {
        var recorded = BundleProof.Hash(recordedHash);
        var canonical = body;
        if (!CanonicalEventScanner.IsCanonical(canonical, out var fields))
        {
            rewritten.ResetWrittenCount();
            canonicalizer.Canonicalize(body, rewritten);
            canonical = rewritten.WrittenSpan;
            fields = CanonicalEventScanner.ReadFields(canonical);
        }
        if (!fields.IsComplete)
        {
            throw new AuditFormatException("An event needs \"v\", an integer \"seq\", a 64-hex-digit \"prev\" and a \"tenant\".");
        }
        if (fields.Version != AuditEventJson.Version)
        {
            throw new AuditFormatException($"Event version {fields.Version} is not supported.");
        }
        return new ObservedEvent(fields.Sequence, fields.Previous, recorded, AuditHash.Of(canonical),
            fields.TenantJson.SequenceEqual(tenantJson), line);
    }
}
