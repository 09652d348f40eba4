using System.Diagnostics;
using Npgsql;
namespace Viggotech.Testing.Postgres;

/// <summary><c>pg_dump</c> of the whole platform database (every tenant, every table), as an operator or an attacker with a backup would see it.</summary>
public static class PgDump
{
    public static async Task<string> RunAsync(PlatformTestDatabase platform)
    {
        var admin = new NpgsqlConnectionStringBuilder(platform.ConnectionStrings.Admin);
        var start = new ProcessStartInfo(Tool())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", admin.Username!, "--no-password", PlatformTestDatabase.Database })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = admin.Password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump failed: {await error}");
        }

        return await output;
    }

    private static string Tool() => PostgresInstallation.Tool("pg_dump");
}
