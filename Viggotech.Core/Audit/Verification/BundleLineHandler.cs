using System.Text.Json;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Verification;

/// <summary>Line handling for the streaming path: events skip the typed model entirely.</summary>
internal sealed class BundleLineHandler(BundleVerification run) : IDisposable
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
            run.Accept(record);
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
