using System.Collections.Concurrent;
using System.Diagnostics;

namespace Viggotech.Core.Tests.Provisioning;

/// <summary>A Worker process started by a test, killed on dispose if still running.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    public RunningWorker(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the Worker wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>SIGKILL: no shutdown, no flushing, as when a machine dies.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 300 && output.TryDequeue(out _))
        {
        }
    }
}
