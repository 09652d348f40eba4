using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Viggotech.Testing.Platform;

/// <summary>
/// Distinct ports that are free right now and stay out of other test runs' way, so a test server
/// never collides with run mode, another test process or an outgoing connection.
/// </summary>
/// <remarks>
/// A port the kernel hands out for port 0 comes from the ephemeral range, which is also where every
/// outgoing connection on the machine takes its local port; a server started seconds later on such
/// a port can find it taken by a client and fail to bind. Ports are therefore taken below the
/// ephemeral range, and recorded in a machine-wide list (under a file lock) with the taking
/// process, so two test processes booting at once never pick the same port.
/// </remarks>
public static class FreePorts
{
    private const int Lowest = 20000;
    private static readonly string Registry = Path.Combine(Path.GetTempPath(), "viggotech-test-ports");

    public static int[] Take(int count)
    {
        var ephemeralStart = EphemeralRangeStart();
        if (ephemeralStart - Lowest < 4096)
        {
            return FromKernel(count);
        }

        using var lockFile = AcquireLock();
        var taken = ReadLiveEntries();
        var chosen = new List<int>(count);
        var random = Random.Shared;
        for (var attempt = 0; chosen.Count < count && attempt < 10_000; attempt++)
        {
            var port = random.Next(Lowest, ephemeralStart);
            if (!taken.ContainsKey(port) && !chosen.Contains(port) && IsFree(port))
            {
                chosen.Add(port);
            }
        }

        if (chosen.Count < count)
        {
            throw new InvalidOperationException($"No {count} free ports between {Lowest} and {ephemeralStart}.");
        }

        var self = Environment.ProcessId;
        foreach (var port in chosen)
        {
            taken[port] = self;
        }

        File.WriteAllLines(Registry + ".list", taken.Select(entry => $"{entry.Key} {entry.Value}"));
        return [.. chosen];
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0]);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static FileStream AcquireLock()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(Registry + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(25);
            }
        }
    }

    /// <summary>Ports recorded by processes still running, with their process ids.</summary>
    private static Dictionary<int, int> ReadLiveEntries()
    {
        var entries = new Dictionary<int, int>();
        if (!File.Exists(Registry + ".list"))
        {
            return entries;
        }

        var alive = new Dictionary<int, bool>();
        foreach (var line in File.ReadAllLines(Registry + ".list"))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[0], out var port) && int.TryParse(parts[1], out var pid)
                && (alive.TryGetValue(pid, out var known) ? known : alive[pid] = IsAlive(pid)))
            {
                entries[port] = pid;
            }
        }

        return entries;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Where the ephemeral range leaves no room below it: ports the kernel picks for port 0.</summary>
    private static int[] FromKernel(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        try
        {
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
