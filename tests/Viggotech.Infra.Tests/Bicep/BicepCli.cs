using System.Diagnostics;
using System.Reflection;

namespace Viggotech.Infra.Tests.Bicep;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (tools/bicep), run offline.</summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline: no telemetry and no update check.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    private static string Locate()
    {
        var packageRoot = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackageRoot")?.Value;
        if (string.IsNullOrEmpty(packageRoot))
        {
            throw new InvalidOperationException("The test assembly does not know where the Bicep CLI package was restored.");
        }

        var path = Path.Combine(packageRoot, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The Bicep CLI is missing from its NuGet package.", path);
        }

        return EnsureExecutable(path);
    }

    private static string EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) != 0)
        {
            return path;
        }

        try
        {
            File.SetUnixFileMode(path, mode | execute);
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only package cache: run a private copy instead.
            var copy = Path.Combine(Path.GetTempPath(), $"viggotech-bicep-{Environment.ProcessId}", "bicep");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy, overwrite: true);
            File.SetUnixFileMode(copy, mode | execute | UnixFileMode.UserWrite | UnixFileMode.UserRead);
            return copy;
        }
    }
}
