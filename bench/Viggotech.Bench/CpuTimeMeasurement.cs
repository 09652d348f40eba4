using System.Diagnostics;

namespace Viggotech.Bench;

/// <summary>
/// Verification cost in processor time rather than wall-clock time: on a shared machine other
/// processes stretch wall-clock time, but not the processor time this process used on its core.
/// </summary>
internal static class CpuTimeMeasurement
{
    public static double BestSecondsPerRun(int runs)
    {
        var benchmark = new AuditVerifyBenchmark();
        benchmark.Setup();
        try
        {
            var best = double.MaxValue;
            for (var run = 0; run < runs; run++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                benchmark.VerifyInMemory();
                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            }
            return best;
        }
        finally
        {
            benchmark.Cleanup();
        }
    }
}
