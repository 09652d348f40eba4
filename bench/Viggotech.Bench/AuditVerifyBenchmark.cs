using BenchmarkDotNet.Attributes;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Bench;

/// <summary>Offline verification of one tenant's export, single-threaded. Results are per event.</summary>
[MemoryDiagnoser]
public class AuditVerifyBenchmark
{
    public static readonly int Events = int.TryParse(Environment.GetEnvironmentVariable("AUDIT_BENCH_EVENTS"), out var n) ? n : 1_000_000;
    public const int SealEvery = 10_000;

    private byte[] bundle = [];
    private string file = "";
    private AuditKeySet keys = new();

    public static long BundleBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        (bundle, keys) = BenchBundle.CreateAsync(Events, SealEvery).GetAwaiter().GetResult();
        BundleBytes = bundle.Length;
        file = Path.Combine(Path.GetTempPath(), $"viggotech-audit-bench-{Environment.ProcessId}.ndjson");
        File.WriteAllBytes(file, bundle);
        // Measure only successful verifications.
        var check = VerifyInMemory();
        if (!check.IsValid || check.Events != Events)
        {
            throw new InvalidOperationException($"The benchmark bundle does not verify: {check.Problem?.Message}");
        }
    }

    [Benchmark]
    public AuditVerification VerifyInMemory() =>
        AuditBundleVerifier.VerifyAsync(new MemoryStream(bundle, writable: false), new AuditVerifyOptions { TrustedKeys = keys })
            .GetAwaiter().GetResult();

    [Benchmark]
    public AuditVerification VerifyFile()
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return AuditBundleVerifier.VerifyAsync(stream, new AuditVerifyOptions { TrustedKeys = keys }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(file);
        keys.Dispose();
    }
}
