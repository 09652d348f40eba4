using System.Buffers;
using System.IO.Compression;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>
/// Streams an export bundle: header, keys, an optional prune record, then events and seals in
/// sequence order, then the trailer. Every line is canonical JSON. The writer checks the order of
/// line kinds but not the chain itself: an export must show what is stored, broken or not, so
/// the customer's verifier can find the break. A bundle disposed before
/// <see cref="CompleteAsync"/> has no trailer and so verifies as truncated.
/// </summary>
public sealed class AuditBundleWriter : IAsyncDisposable
{
    private const int FlushThreshold = 1 << 16;

    private readonly Stream output;
    private readonly bool ownsOutput;
    private readonly ArrayBufferWriter<byte> pending = new(FlushThreshold * 2);
    private readonly CanonicalJsonWriter json;
    private Stage stage = Stage.Empty;
    private long eventCount;
    private AuditChainHead last = AuditChainHead.Genesis;

    public AuditBundleWriter(Stream output, bool compress = false, bool leaveOpen = false)
    {
        this.output = compress ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen) : output;
        ownsOutput = compress || !leaveOpen;
        json = new CanonicalJsonWriter(pending);
    }

    private enum Stage
    {
        Empty,
        Keys,
        Body,
        Complete,
    }

    public ValueTask WriteHeaderAsync(AuditBundleHeader header, CancellationToken cancellationToken = default)
    {
        Require(stage == Stage.Empty, "The header is the first line.");
        json.StartObject();
        json.Name("header"u8);
        header.Write(json);
        json.EndObject();
        stage = Stage.Keys;
        return EndLineAsync(cancellationToken);
    }

    public ValueTask WriteKeysAsync(AuditKeySet keys, CancellationToken cancellationToken = default)
    {
        Require(stage == Stage.Keys, "Keys come right after the header.");
        json.StartObject();
        json.Name("jwks"u8);
        keys.WriteJwks(json);
        json.EndObject();
        return EndLineAsync(cancellationToken);
    }

    public ValueTask WritePrunedAsync(SignedAuditPruneRecord pruned, CancellationToken cancellationToken = default)
    {
        Require(stage == Stage.Keys, "The prune record comes before every event and seal.");
        json.StartObject();
        json.Name("pruned"u8);
        json.Raw(pruned.Record.ToCanonicalJson());
        json.Name("sig"u8);
        json.String(System.Buffers.Text.Base64Url.EncodeToString(pruned.Signature));
        json.EndObject();
        stage = Stage.Body;
        last = new AuditChainHead(pruned.Record.Last, pruned.Record.LastHash);
        return EndLineAsync(cancellationToken);
    }

    public ValueTask WriteEventAsync(ChainedAuditEvent chained, CancellationToken cancellationToken = default)
    {
        Require(stage is Stage.Keys or Stage.Body, "Events come after the header and before the trailer.");
        Span<byte> hex = stackalloc byte[AuditHash.HexLength];
        chained.Hash.WriteHex(hex);
        json.StartObject();
        json.Name("event"u8);
        AuditEventJson.Write(json, chained.Sequence, chained.Previous, chained.Event);
        json.Name("hash"u8);
        json.String(hex);
        json.EndObject();
        stage = Stage.Body;
        eventCount++;
        last = chained.Head;
        return EndLineAsync(cancellationToken);
    }

    /// <summary>
    /// Writes an event as stored: its canonical JSON bytes (the bytes that were hashed) and the hash
    /// recorded beside them, without parsing them again. Used by exports from the database, so the
    /// bundle shows exactly what is stored, a tampered row included.
    /// </summary>
    public ValueTask WriteStoredEventAsync(long sequence, ReadOnlySpan<byte> canonicalEvent, AuditHash hash, CancellationToken cancellationToken = default)
    {
        Require(stage is Stage.Keys or Stage.Body, "Events come after the header and before the trailer.");
        Span<byte> hex = stackalloc byte[AuditHash.HexLength];
        hash.WriteHex(hex);
        json.StartObject();
        json.Name("event"u8);
        json.Raw(canonicalEvent);
        json.Name("hash"u8);
        json.String(hex);
        json.EndObject();
        stage = Stage.Body;
        eventCount++;
        last = new AuditChainHead(sequence, hash);
        return EndLineAsync(cancellationToken);
    }

    /// <summary>Write a seal right after the event it ends at (<see cref="AuditSeal.Last"/>).</summary>
    public ValueTask WriteSealAsync(SignedAuditSeal seal, CancellationToken cancellationToken = default)
    {
        Require(stage is Stage.Keys or Stage.Body, "Seals come after the header and before the trailer.");
        json.StartObject();
        json.Name("seal"u8);
        json.Raw(seal.Seal.ToCanonicalJson());
        json.Name("sig"u8);
        json.String(System.Buffers.Text.Base64Url.EncodeToString(seal.Signature));
        json.EndObject();
        stage = Stage.Body;
        return EndLineAsync(cancellationToken);
    }

    /// <summary>Writes the trailer and flushes. Returns what the trailer says.</summary>
    public async ValueTask<AuditBundleTrailer> CompleteAsync(CancellationToken cancellationToken = default)
    {
        Require(stage != Stage.Empty && stage != Stage.Complete, "A bundle is completed once, after its header.");
        var trailer = new AuditBundleTrailer(eventCount, last.Sequence, last.Hash);
        json.StartObject();
        json.Name("trailer"u8);
        trailer.Write(json);
        json.EndObject();
        stage = Stage.Complete;
        await EndLineAsync(cancellationToken);
        await FlushAsync(cancellationToken);
        return trailer;
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        if (ownsOutput)
        {
            await output.DisposeAsync();
        }
    }

    private ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        pending.Write("\n"u8);
        return pending.WrittenCount >= FlushThreshold ? WritePendingAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    private async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (pending.WrittenCount > 0)
        {
            await output.WriteAsync(pending.WrittenMemory, cancellationToken);
            pending.ResetWrittenCount();
        }
    }

    // Flushing only at the end: a gzip flush per buffer would cost compression.
    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await WritePendingAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException(rule);
        }
    }
}
