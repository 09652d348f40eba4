using System.Collections.Concurrent;
using System.Diagnostics;

namespace Viggotech.Testing.Processes;

/// <summary>A process started by a test (the Worker, for one), its output kept for failure messages, killed on dispose if still running.</summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    public RunningProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>SIGKILL: no shutdown code runs (a Worker cannot release its leases), as when a machine dies.</summary>
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
