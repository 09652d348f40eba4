using Viggotech.Core.Audit.Bundles;

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
        using var lines = new BundleLineHandler(run);
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
                run.Accept(record);
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
}
