using System.Text.Json;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// Verifies an export bundle: every event's hash and link, every seal's signature and coverage,
/// the prune record, and that nothing was cut from the end. Reports the first problem.
/// </summary>
public static class AuditBundleVerifier
{
    /// <summary>Streams the bundle (plain or gzip) in constant memory; the fast path the CLI uses.</summary>
    public static async Task<AuditVerification> VerifyAsync(Stream bundle, AuditVerifyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AuditVerifyOptions();
        using var run = new BundleVerification(options);
        using var lines = new LineHandler(run);
        try
        {
            using var reader = await BundleLineReader.OpenAsync(bundle, cancellationToken);
            long read = 0;
            while (true)
            {
                read += lines.ReadBuffered(reader);
                options.Progress?.Invoke(read);
                if (run.IsSettled || reader.EndOfStream)
                {
                    break;
                }
                await reader.FillAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            run.Fail(new AuditProblem(AuditProblemKind.UnreadableInput, null, null, $"The bundle could not be read: {e.Message}"));
        }
        return run.Complete();
    }

    /// <summary>Verifies records from <see cref="AuditBundleReader"/> or any other source (the database, say).</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditBundleRecord> records, AuditVerifyOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var run = new BundleVerification(options ?? new AuditVerifyOptions());
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken))
            {
                Accept(run, record);
                if (run.IsSettled)
                {
                    break;
                }
            }
        }
        catch (AuditBundleException e)
        {
            run.Fail(e.Problem);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            run.Fail(new AuditProblem(AuditProblemKind.UnreadableInput, null, null, $"The bundle could not be read: {e.Message}"));
        }
        return run.Complete();
    }

    private static void Accept(BundleVerification run, AuditBundleRecord record)
    {
        if (!run.HasHeader)
        {
            if (record is BundleHeaderRecord header)
            {
                run.Start(header.Header);
            }
            else
            {
                run.Fail(new AuditProblem(AuditProblemKind.NotABundle, null, record.Line, "The first line is not a bundle header."));
            }
            return;
        }
        switch (record)
        {
            case BundleHeaderRecord:
                run.SecondHeader(record.Line);
                break;
            case BundleKeysRecord keys:
                run.Keys(keys.Keys, keys.Line);
                break;
            case BundleEventRecord { Event: var e } line:
                var chain = run.Body();
                chain.Accept(new ObservedEvent(e.Sequence, e.Previous, e.Hash, AuditChain.Hash(e.Sequence, e.Previous, e.Event),
                    e.Event.Tenant == chain.Tenant, line.Line));
                break;
            case BundleSealRecord seal:
                run.Body().Accept(seal.Seal, seal.Line);
                break;
            case BundlePruneRecord pruned:
                run.Body().Accept(pruned.Pruned, pruned.Line);
                break;
            case BundleTrailerRecord trailer:
                run.Body().Accept(trailer.Trailer, trailer.Line);
                break;
        }
    }

    /// <summary>Line handling for the streaming path: events skip the typed model entirely.</summary>
    private sealed class LineHandler(BundleVerification run) : IDisposable
    {
        private EventObserver? events;

        public void Dispose() => events?.Dispose();

        public long ReadBuffered(BundleLineReader reader)
        {
            long read = 0;
            try
            {
                while (!run.IsSettled && reader.TryReadLine(out var text))
                {
                    if (!text.IsEmpty)
                    {
                        read++;
                        Handle(text, reader.LineNumber, reader.LineWasUnterminated);
                    }
                }
            }
            catch (AuditFormatException e)
            {
                run.Fail(new AuditProblem(AuditProblemKind.InvalidJson, null, reader.LineNumber + 1, e.Message));
            }
            return read;
        }

        private void Handle(ReadOnlySpan<byte> text, long line, bool unterminated)
        {
            if (events is not null && BundleLine.TryMatchEvent(text, out var body, out var hash))
            {
                try
                {
                    run.Body().Accept(events.Observe(body, hash, line));
                    return;
                }
                catch (Exception e) when (e is JsonException or AuditFormatException)
                {
                    // Not what it looked like (the body is no JSON object, say): the general path says why.
                }
            }

            BundleLine parsed;
            try
            {
                parsed = BundleLine.Parse(text);
            }
            catch (JsonException e)
            {
                run.Fail(unterminated
                    ? AuditBundleReader.CutShort(line)
                    : new AuditProblem(AuditProblemKind.InvalidJson, null, line, $"Line {line} is not valid JSON: {e.Message}"));
                return;
            }
            catch (AuditFormatException e)
            {
                run.Fail(new AuditProblem(AuditProblemKind.MalformedRecord, null, line, $"Line {line}: {e.Message}"));
                return;
            }

            try
            {
                if (parsed.Kind == BundleLineKind.Event && run.HasHeader)
                {
                    run.Body().Accept(Events().Observe(parsed.Body, parsed.Proof, line));
                    return;
                }
                var record = AuditBundleReader.Parse(text, line);
                if (record is BundleHeaderRecord header && !run.HasHeader)
                {
                    events = new EventObserver(TenantJson(header.Header.Tenant));
                }
                Accept(run, record);
            }
            catch (AuditBundleException e)
            {
                run.Fail(e.Problem);
            }
            catch (Exception e) when (e is JsonException or AuditFormatException)
            {
                run.Fail(new AuditProblem(AuditProblemKind.MalformedRecord, null, line, $"Line {line}: {e.Message}"));
            }
        }

        private EventObserver Events() => events ?? throw new InvalidOperationException("The bundle has not started.");

        // The tenant as canonical JSON spells it, to compare with events' bytes without decoding them.
        private static byte[] TenantJson(string tenant)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            new CanonicalJsonWriter(buffer).String(tenant);
            return buffer.WrittenSpan[1..^1].ToArray();
        }
    }
}
