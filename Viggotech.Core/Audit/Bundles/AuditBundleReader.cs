using System.Runtime.CompilerServices;
using System.Text.Json;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>
/// Reads a bundle (plain or gzip) as typed records, one line at a time. Hashes and signatures are
/// not checked here; pass the records to <see cref="AuditBundleVerifier"/> for that.
/// </summary>
public static class AuditBundleReader
{
    /// <exception cref="AuditBundleException">A line is not JSON or not a valid record.</exception>
    public static async IAsyncEnumerable<AuditBundleRecord> ReadAsync(Stream bundle, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var lines = await BundleLineReader.OpenAsync(bundle, cancellationToken);
        var batch = new List<AuditBundleRecord>();
        while (true)
        {
            var error = ReadBuffered(lines, batch);
            foreach (var record in batch)
            {
                yield return record;
            }
            batch.Clear();
            // Thrown only after the good lines before it, so a consumer knows the bundle it is in.
            if (error is not null)
            {
                throw error;
            }
            if (lines.EndOfStream)
            {
                yield break;
            }
            await lines.FillAsync(cancellationToken);
        }
    }

    private static AuditBundleException? ReadBuffered(BundleLineReader lines, List<AuditBundleRecord> batch)
    {
        try
        {
            while (lines.TryReadLine(out var text))
            {
                if (!text.IsEmpty)
                {
                    batch.Add(Parse(text, lines.LineNumber));
                }
            }
            return null;
        }
        catch (AuditBundleException e) when (lines.LineWasUnterminated && e.Problem.Kind == AuditProblemKind.InvalidJson)
        {
            return new AuditBundleException(CutShort(lines.LineNumber));
        }
        catch (AuditBundleException e)
        {
            return e;
        }
        catch (AuditFormatException e)
        {
            return new AuditBundleException(new AuditProblem(AuditProblemKind.InvalidJson, null, lines.LineNumber + 1, e.Message));
        }
    }

    /// <summary>The problem for a last line that is cut off; the verifier fills in the sequence.</summary>
    internal static AuditProblem CutShort(long line) =>
        new(AuditProblemKind.Truncated, null, line, $"The bundle ends in the middle of line {line}: it was cut short.");

    /// <exception cref="AuditBundleException">The line is not JSON or not a valid record.</exception>
    public static AuditBundleRecord Parse(ReadOnlySpan<byte> text, long line)
    {
        try
        {
            var parsed = BundleLine.Parse(text);
            using var document = JsonDocument.Parse(parsed.Body.ToArray());
            var body = document.RootElement;
            return parsed.Kind switch
            {
                BundleLineKind.Header => new BundleHeaderRecord(line, AuditBundleHeader.Read(body)),
                BundleLineKind.Keys => new BundleKeysRecord(line, AuditKeySet.ReadJwks(body)),
                BundleLineKind.Event => new BundleEventRecord(line, AuditEventJson.Read(body, BundleProof.Hash(parsed.Proof))),
                BundleLineKind.Seal => new BundleSealRecord(line, new SignedAuditSeal(AuditSeal.Read(body), BundleProof.Signature(parsed.Proof))),
                BundleLineKind.Pruned => new BundlePruneRecord(line, new SignedAuditPruneRecord(AuditPruneRecord.Read(body), BundleProof.Signature(parsed.Proof))),
                _ => new BundleTrailerRecord(line, AuditBundleTrailer.Read(body)),
            };
        }
        catch (JsonException e)
        {
            throw new AuditBundleException(new AuditProblem(AuditProblemKind.InvalidJson, null, line, $"Line {line} is not valid JSON: {e.Message}"));
        }
        catch (InvalidOperationException e)
        {
            // JsonElement reports escapes that decode to invalid UTF-16 (lone surrogates) this way.
            throw new AuditBundleException(new AuditProblem(AuditProblemKind.MalformedRecord, null, line, $"Line {line}: {e.Message}"));
        }
        catch (AuditFormatException e)
        {
            throw new AuditBundleException(new AuditProblem(AuditProblemKind.MalformedRecord, null, line, $"Line {line}: {e.Message}"));
        }
    }
}
