using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Viggotech.Bench.Crypto;

// In-process: no second build of the benchmark (the machine is small and shared).
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableLogFile);

var summary = BenchmarkRunner.Run<CryptoBenchmark>(config, args);

foreach (var report in summary.Reports)
{
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    if (report.ResultStatistics is not { } statistics)
    {
        Console.WriteLine($"crypto {name}: failed");
        return 1;
    }

    var bytes = CryptoBenchmark.BytesPerCall(name);
    var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
    // Best iteration as the figure, like the best of the openssl runs it is set against: on a
    // shared machine other processes only ever slow a run down. The mean is printed beside it.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"crypto {name}: bytes={bytes} best_ns={statistics.Min:F0} mean_ns={statistics.Mean:F0} mb_per_s={bytes / (statistics.Min / 1e9) / 1e6:F1} mean_mb_per_s={bytes / (statistics.Mean / 1e9) / 1e6:F1} allocated_bytes={allocated}"));
}

return 0;
