using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// Checks one tenant's chain as its records stream past, in constant memory: it keeps only the
/// last hash, the next expected sequence and where the seal chain stands. It stops judging at the
/// first problem; the only later records it looks at are those that tell a deleted event from a
/// moved one.
/// </summary>
public sealed class AuditChainVerifier(string tenant, AuditKeySet keys, AuditKeySource keySource)
{
    private long next = 1;
    private AuditHash head = AuditHash.Zero;
    private long sealedThrough;
    private AuditHash sealHead = AuditHash.Zero;
    private long prunedThrough;
    private bool pruneSeen;
    private bool trailerSeen;
    private long events;
    private long seals;
    private long? firstSequence;
    private long? lastSequence;
    private DateTimeOffset? lastSealedAt;
    private AuditHash? lastSealHash;
    private AuditProblem? problem;

    // A gap is judged at the end: if the missing event turns up later it was moved, else deleted.
    private long? gapAt;
    private long gapResumesAt;
    private long gapLine;
    private long? gapFoundAtLine;

    public string Tenant => tenant;

    /// <summary>The sequence number the next event must have.</summary>
    public long NextSequence => next;

    /// <summary>True once the outcome cannot change: a problem was found and nothing later matters.</summary>
    public bool IsSettled => problem is not null || (gapAt is not null && gapFoundAtLine is not null);

    private bool HasProblem => problem is not null || gapAt is not null;

    public void Accept(in ObservedEvent e)
    {
        events++;
        firstSequence ??= e.Sequence;
        lastSequence = e.Sequence;
        if (gapAt is { } missing)
        {
            if (e.Sequence == missing && gapFoundAtLine is null)
            {
                gapFoundAtLine = e.Line;
            }
            return;
        }
        if (HasProblem)
        {
            return;
        }

        if (trailerSeen)
        {
            Fail(AuditProblemKind.MalformedRecord, e.Sequence, e.Line, "An event follows the trailer: it was appended after the export.");
        }
        else if (e.RecordedHash != e.ComputedHash)
        {
            Fail(AuditProblemKind.ModifiedEvent, e.Sequence, e.Line,
                $"Event {e.Sequence}'s content does not match its recorded hash: it was changed after it was written.");
        }
        else if (e.Sequence > next)
        {
            gapAt = next;
            gapResumesAt = e.Sequence;
            gapLine = e.Line;
        }
        else if (e.Sequence < next)
        {
            Fail(AuditProblemKind.InsertedEvent, e.Sequence, e.Line,
                $"Sequence {e.Sequence} appears again after event {next - 1}: an event was inserted or duplicated.");
        }
        else if (!e.SameTenant)
        {
            Fail(AuditProblemKind.InsertedEvent, e.Sequence, e.Line, $"Event {e.Sequence} belongs to another tenant.");
        }
        else if (e.Previous != head)
        {
            Fail(AuditProblemKind.InsertedEvent, e.Sequence, e.Line,
                $"Event {e.Sequence} does not link to event {e.Sequence - 1}: it was inserted, or the event before it was rewritten.");
        }
        else
        {
            head = e.ComputedHash;
            next++;
        }
    }

    public void Accept(SignedAuditSeal signed, long line)
    {
        seals++;
        if (HasProblem)
        {
            return;
        }
        var seal = signed.Seal;
        var range = $"the seal of events {seal.First}–{seal.Last}";
        if (trailerSeen)
        {
            Fail(AuditProblemKind.MalformedRecord, seal.First, line, "A seal follows the trailer.");
            return;
        }
        if (!CheckSignature(seal.KeyId, seal.ToCanonicalJson(), signed.Signature, seal.First, line, range))
        {
            return;
        }

        if (seal.Tenant != tenant)
        {
            Fail(AuditProblemKind.SealMismatch, seal.First, line, $"{Capital(range)} belongs to another tenant.");
        }
        else if (seal.First > seal.Last)
        {
            Fail(AuditProblemKind.MalformedRecord, seal.First, line, $"{Capital(range)} is empty.");
        }
        else if (seal.Last >= next)
        {
            Fail(AuditProblemKind.SealBeyondEvents, next, line,
                $"{Capital(range)} comes after event {next - 1}: events {next}–{seal.Last} are not in the bundle.");
        }
        else if (seal.Last != next - 1)
        {
            Fail(AuditProblemKind.SealMismatch, seal.First, line, $"{Capital(range)} is out of place: it must directly follow event {seal.Last}.");
        }
        else if (seal.First > sealedThrough + 1)
        {
            Fail(AuditProblemKind.SealMismatch, sealedThrough + 1, line,
                $"No seal covers events {sealedThrough + 1}–{seal.First - 1}: a seal was removed.");
        }
        else if (seal.First < sealedThrough + 1)
        {
            Fail(AuditProblemKind.SealMismatch, seal.First, line, $"{Capital(range)} overlaps events already sealed up to {sealedThrough}.");
        }
        else if (seal.PreviousSeal != sealHead)
        {
            Fail(AuditProblemKind.SealMismatch, seal.First, line, $"{Capital(range)} does not chain to the seal before it: a seal was replaced.");
        }
        else if (seal.LastHash != head)
        {
            Fail(AuditProblemKind.SealMismatch, seal.First, line,
                $"Events {seal.First}–{seal.Last} do not match their seal: at least one was rewritten and the hashes after it recomputed.");
        }
        else
        {
            sealedThrough = seal.Last;
            sealHead = seal.ComputeHash();
            lastSealedAt = seal.SealedAt;
            lastSealHash = sealHead;
        }
    }

    public void Accept(SignedAuditPruneRecord signed, long line)
    {
        if (HasProblem)
        {
            return;
        }
        var record = signed.Record;
        var range = $"the prune record for events {record.First}–{record.Last}";
        if (pruneSeen || events > 0 || seals > 0 || trailerSeen)
        {
            Fail(AuditProblemKind.MalformedRecord, record.First, line, "A prune record may appear once, before every event and seal.");
            return;
        }
        if (!CheckSignature(record.KeyId, record.ToCanonicalJson(), signed.Signature, record.First, line, range))
        {
            return;
        }
        if (record.Tenant != tenant)
        {
            Fail(AuditProblemKind.MalformedRecord, record.First, line, $"{Capital(range)} belongs to another tenant.");
            return;
        }
        if (record.First != 1 || record.Last < 1)
        {
            Fail(AuditProblemKind.MalformedRecord, record.First, line, "A prune record covers the start of the chain: first must be 1.");
            return;
        }

        pruneSeen = true;
        prunedThrough = record.Last;
        next = record.Last + 1;
        head = record.LastHash;
        sealedThrough = record.Last;
        sealHead = record.SealHash;
    }

    public void Accept(AuditBundleTrailer trailer, long line)
    {
        if (trailerSeen && !HasProblem)
        {
            Fail(AuditProblemKind.MalformedRecord, next, line, "The bundle has two trailers.");
        }
        trailerSeen = true;
        if (HasProblem)
        {
            return;
        }
        var lastKept = next - 1;
        if (trailer.LastSequence > lastKept)
        {
            Fail(AuditProblemKind.Truncated, lastKept + 1, line,
                $"The trailer says the bundle holds events up to {trailer.LastSequence}, but they end at {lastKept}: events were cut from the end.");
        }
        else if (trailer.LastSequence != lastKept || trailer.LastHash != head || trailer.EventCount != events)
        {
            Fail(AuditProblemKind.TrailerMismatch, lastKept, line,
                $"The trailer (events {trailer.EventCount}, last {trailer.LastSequence}, hash {trailer.LastHash}) does not match the bundle (events {events}, last {lastKept}, hash {head}).");
        }
    }

    /// <summary>Records a problem found outside the chain (a line that cannot be read); the first problem wins.</summary>
    public void Fail(AuditProblem found)
    {
        if (!HasProblem)
        {
            problem = found.Kind == AuditProblemKind.Truncated && found.Sequence is null ? found with { Sequence = next } : found;
        }
    }

    /// <summary>Call at the end of the input.</summary>
    public AuditVerification Complete()
    {
        if (gapAt is { } missing)
        {
            problem ??= gapFoundAtLine is { } foundAt
                ? new AuditProblem(AuditProblemKind.ReorderedEvents, missing, foundAt,
                    $"Event {missing} is out of order: it should follow event {missing - 1} but appears later, at line {foundAt}.")
                : new AuditProblem(AuditProblemKind.MissingEvents, missing, gapLine, missing == gapResumesAt - 1
                    ? $"Event {missing} is missing: the bundle goes from event {missing - 1} to event {gapResumesAt}."
                    : $"Events {missing}–{gapResumesAt - 1} are missing: the bundle goes from event {missing - 1} to event {gapResumesAt}.");
        }
        if (problem is null && !trailerSeen)
        {
            problem = new AuditProblem(AuditProblemKind.Truncated, next, null,
                $"The bundle ends without its trailer, after event {next - 1}: it was cut short.");
        }
        return new AuditVerification(problem?.Verdict ?? AuditVerdict.Valid, problem, tenant, keySource, keys.Count, events, seals,
            firstSequence, lastSequence, prunedThrough, sealedThrough, lastSealedAt, lastSealHash);
    }

    private bool CheckSignature(string keyId, byte[] signed, byte[] signature, long sequence, long line, string what)
    {
        switch (keys.Verify(keyId, signed, signature))
        {
            case AuditSignatureCheck.Valid:
                return true;
            case AuditSignatureCheck.UnknownKey:
                Fail(AuditProblemKind.UnknownKey, sequence, line,
                    $"{Capital(what)} is signed with key \"{keyId}\", which is not among the {keys.Count} {(keySource == AuditKeySource.Trusted ? "trusted" : "bundle")} key(s).");
                return false;
            default:
                Fail(AuditProblemKind.BadSignature, sequence, line,
                    $"The signature on {what} does not verify with key \"{keyId}\": the record was altered or signed with another key.");
                return false;
        }
    }

    private void Fail(AuditProblemKind kind, long sequence, long line, string message) =>
        Fail(new AuditProblem(kind, sequence, line, message));

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
