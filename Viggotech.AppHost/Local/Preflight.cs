using System.Net;
using System.Net.Sockets;

namespace Viggotech.AppHost.Local;

/// <summary>
/// Checks, before anything starts, that every local server binary exists and every fixed port is
/// free, so a broken machine gets one clear message naming the problem and the fix.
/// </summary>
public static class Preflight
{
    public static string Check(LocalSettings settings)
    {
        var problems = new List<string>();

        var postgresBin = FindPostgresBin();
        if (postgresBin is null)
        {
            problems.Add("PostgreSQL 15 server binaries are missing (Debian package postgresql). Fix: ./run.sh installs them, or `sudo apt-get install postgresql`.");
        }

        if (FindOnPath("redis-server") is null)
        {
            problems.Add("redis-server is missing (Debian package redis-server). Fix: ./run.sh installs it, or `sudo apt-get install redis-server`.");
        }

        if (FindOnPath("node") is null)
        {
            problems.Add("Node.js is missing (Debian package nodejs), needed by Azurite. Fix: ./run.sh installs it, or `sudo apt-get install nodejs npm`.");
        }

        if (!File.Exists(AzuriteBlobPath(settings)))
        {
            problems.Add($"Azurite is missing ({AzuriteBlobPath(settings)}). Fix: ./run.sh installs it, or `scripts/prereqs.sh`.");
        }

        if (Environment.IsPrivilegedProcess && FindOnPath("runuser") is null)
        {
            problems.Add("runuser is missing (Debian package util-linux); PostgreSQL refuses to run as root without it.");
        }

        foreach (var (resource, key, port) in settings.Ports.All())
        {
            if (!IsFree(port))
            {
                problems.Add($"Port {port} ({resource}) is already in use. Fix: stop the process using it (`ss -ltnp 'sport = :{port}'` shows it), or choose another port with --Local:Ports:{key}=<port>.");
            }
        }

        if (problems.Count > 0)
        {
            throw new PreflightException(problems);
        }

        return postgresBin!;
    }

    public static string AzuriteBlobPath(LocalSettings settings) =>
        Path.Combine(settings.RepositoryRoot, ".tools", "node_modules", ".bin", "azurite-blob");

    private static string? FindPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        var preferred = Path.Combine(root, "15", "bin");
        if (File.Exists(Path.Combine(preferred, "postgres")))
        {
            return preferred;
        }

        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

public sealed class PreflightException(IReadOnlyList<string> problems)
    : Exception("The local platform cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
