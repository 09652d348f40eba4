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

var summary = BenchmarkRunner.Run<AuditVerifyBenchmark>(config, args);

foreach (var report in summary.Reports)
{
    if (report.ResultStatistics is not { } statistics)
    {
        Console.WriteLine($"audit-verify {report.BenchmarkCase.Descriptor.WorkloadMethod.Name}: failed");
        continue;
    }
    var seconds = statistics.Mean / 1e9;
    var eventsPerSecond = AuditVerifyBenchmark.Events / seconds;
    var megabytesPerSecond = AuditVerifyBenchmark.BundleBytes / seconds / 1e6;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"audit-verify {report.BenchmarkCase.Descriptor.WorkloadMethod.Name}: events={AuditVerifyBenchmark.Events} bytes={AuditVerifyBenchmark.BundleBytes} seconds={seconds:F3} events_per_s={eventsPerSecond:F0} mb_per_s={megabytesPerSecond:F1} bytes_per_event={AuditVerifyBenchmark.BundleBytes / (double)AuditVerifyBenchmark.Events:F0}"));
}
