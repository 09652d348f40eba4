using System.Buffers;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// Turns an event line's body into the facts the chain check needs, hashing the canonical form.
/// Reuses its buffers, so verifying millions of events allocates next to nothing.
/// </summary>
internal sealed class EventObserver(byte[] tenantJson) : IDisposable
{
    private readonly JsonCanonicalizer canonicalizer = new();
    private readonly ArrayBufferWriter<byte> rewritten = new(1024);

    private readonly EventDigest sha256 = new();

    // The hash computed for the event before, in both forms: in an intact chain it is the next
    // event's "prev", so a byte comparison replaces decoding hex.
    private readonly byte[] lastHex = "0000000000000000000000000000000000000000000000000000000000000000"u8.ToArray();
    private AuditHash last = AuditHash.Zero;

    /// <exception cref="AuditFormatException">The event does not follow the event format.</exception>
    /// <exception cref="System.Text.Json.JsonException">The event is not acceptable JSON (duplicate names, invalid Unicode).</exception>
    public ObservedEvent Observe(ReadOnlySpan<byte> body, ReadOnlySpan<byte> recordedHash, long line)
    {
        var canonical = body;
        if (!CanonicalEventScanner.IsCanonical(canonical, out var fields))
        {
            rewritten.ResetWrittenCount();
            canonicalizer.Canonicalize(body, rewritten);
            canonical = rewritten.WrittenSpan;
            // Canonical now, so the only thing the scanner can still refuse is what the event
            // format never has: numbers other than small integers, or deep nesting.
            if (!CanonicalEventScanner.IsCanonical(canonical, out fields))
            {
                throw new AuditFormatException("The event holds values the event format does not have.");
            }
        }
        if (fields.SchemaError is { } error)
        {
            throw new AuditFormatException(error);
        }
        if (!fields.IsComplete)
        {
            throw new AuditFormatException("An event needs \"v\", an integer \"seq\", a 64-hex-digit \"prev\" and a \"tenant\".");
        }
        if (fields.Version != AuditEventJson.Version)
        {
            throw new AuditFormatException($"Event version {fields.Version} is not supported.");
        }
        var previousHex = fields.Previous(canonical);
        var previous = previousHex.SequenceEqual(lastHex) ? last
            : AuditHash.TryParse(previousHex, out var parsed) ? parsed
            : throw new AuditFormatException("An event's \"prev\" must be 64 lowercase hex digits.");

        Span<byte> digest = stackalloc byte[AuditHash.Size];
        sha256.Hash(canonical, digest);
        var computed = new AuditHash(digest);
        Span<byte> computedHex = stackalloc byte[AuditHash.HexLength];
        computed.WriteHex(computedHex);
        var recorded = recordedHash.SequenceEqual(computedHex) ? computed : BundleProof.Hash(recordedHash);
        computedHex.CopyTo(lastHex);
        last = computed;

        return new ObservedEvent(fields.Sequence, previous, recorded, computed, fields.Tenant(canonical).SequenceEqual(tenantJson), line);
    }

    public void Dispose() => sha256.Dispose();
}
