using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Viggotech.Bench;

// In-process: no second build of the benchmark (the machine is small and shared); the run script
// pins the process to one core, so every thread, the GC's included, shares that core.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6))
    .WithOptions(ConfigOptions.DisableLogFile);

// --cpu-time-only: the processor-time figure alone, for quick comparisons and for profiling.
if (args.Contains("--cpu-time-only"))
{
    var runs = int.TryParse(Environment.GetEnvironmentVariable("AUDIT_BENCH_RUNS"), out var n) ? n : 5;
    Print("VerifyInMemoryCpuTime", CpuTimeMeasurement.BestSecondsPerRun(runs), "");
    return;
}

var summary = BenchmarkRunner.Run<AuditVerifyBenchmark>(config, args);

foreach (var report in summary.Reports)
{
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    if (report.ResultStatistics is not { } statistics)
    {
        Console.WriteLine($"audit-verify {name}: failed");
        continue;
    }
    Print(name, statistics.Mean / 1e9, $" min_seconds={statistics.Min / 1e9:F3}");
}
Print("VerifyInMemoryCpuTime", CpuTimeMeasurement.BestSecondsPerRun(runs: 5), "");

static void Print(string name, double seconds, string extra) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"audit-verify {name}: events={AuditVerifyBenchmark.Events} bytes={AuditVerifyBenchmark.BundleBytes} seconds={seconds:F3}{extra} events_per_s={AuditVerifyBenchmark.Events / seconds:F0} mb_per_s={AuditVerifyBenchmark.BundleBytes / seconds / 1e6:F1} bytes_per_event={AuditVerifyBenchmark.BundleBytes / (double)AuditVerifyBenchmark.Events:F0}"));
