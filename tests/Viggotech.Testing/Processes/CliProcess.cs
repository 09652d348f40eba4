using System.Diagnostics;
using Xunit;

namespace Viggotech.Testing.Processes;

/// <summary><c>viggotech</c> as a customer runs it: its own process, real files, real exit codes.</summary>
public static class CliProcess
{
    /// <summary>Runs the CLI copied next to the calling tests (reference Viggotech.Cli; its runtimeconfig comes along).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Viggotech.Cli.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
