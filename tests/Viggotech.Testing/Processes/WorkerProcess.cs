using System.Diagnostics;
using System.Reflection;

namespace Viggotech.Testing.Processes;

/// <summary>Runs the built Viggotech.Worker as its own process, as the AppHost does.</summary>
public static class WorkerProcess
{
    private static readonly string AssemblyPath = typeof(WorkerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "WorkerAssembly").Value!;

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var startInfo = StartInfo(environment, arguments);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the Worker.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts the Worker's long-running host (its recurring jobs) and leaves it running.</summary>
    public static RunningProcess Start(IReadOnlyDictionary<string, string> environment) => new(Process.Start(StartInfo(environment, []))
        ?? throw new InvalidOperationException("Could not start the Worker."));

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Only what the test gives it: nothing inherited from a developer's shell or an AppHost.
        foreach (var name in startInfo.Environment.Keys.Where(IsInheritedConfiguration).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static bool IsInheritedConfiguration(string name) =>
        name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Worker__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase);
}
