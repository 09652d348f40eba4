using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Viggotech.AppHost.Local.Failover;

/// <summary>The running server of one local cluster, found through its data folder, and the ways to end it.</summary>
internal static class PostgresProcess
{
    private const int SigKill = 9;

    /// <summary>The postmaster's process id, from the first line of <c>postmaster.pid</c>; null when the server is not running.</summary>
    public static int? PostmasterPid(string dataPath)
    {
        var pidFile = Path.Combine(dataPath, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var first = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid) ? pid : null;
    }

    /// <summary>SIGKILL to the postmaster and every backend it started: a crash, with no shutdown code run anywhere.</summary>
    public static IReadOnlyList<int> KillTree(int postmaster)
    {
        var children = Children(postmaster);
        kill(postmaster, SigKill);
        foreach (var child in children)
        {
            kill(child, SigKill);
        }

        return [postmaster, .. children];
    }

    public static async Task WaitForExitAsync(IEnumerable<int> pids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (pids.Any(IsAlive))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("the PostgreSQL processes did not exit in time");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    // A zombie still has a /proc entry; it counts as gone.
    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return false;
        }

        try
        {
            return !File.ReadLines(status).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static List<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
