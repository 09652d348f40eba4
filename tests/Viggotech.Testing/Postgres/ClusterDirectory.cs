using System.Globalization;

namespace Viggotech.Testing.Postgres;

/// <summary>
/// The temporary folder of one throwaway cluster: <c>data/</c>, <c>socket/</c>, the superuser
/// password file, and <c>owner.pid</c> naming the test process that started it, so a later run
/// can tell an orphan (its test process died without cleaning up) from a cluster in use.
/// </summary>
internal sealed class ClusterDirectory
{
    private const string Prefix = "viggotech-pg-";

    private ClusterDirectory(string root) => Root = root;

    public string Root { get; }

    public string Data => Path.Combine(Root, "data");

    public string Socket => Path.Combine(Root, "socket");

    public string PasswordFile => Path.Combine(Root, "pwfile");

    private string OwnerPidFile => Path.Combine(Root, "owner.pid");

    public static ClusterDirectory Create(string superuserPassword)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Throwaway PostgreSQL clusters need Linux.");
        }

        var root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(root, "socket"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var directory = new ClusterDirectory(root);
        File.WriteAllText(directory.OwnerPidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(directory.PasswordFile, superuserPassword + "\n");
        File.SetUnixFileMode(directory.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return directory;
    }

    /// <summary>The postmaster's pid from <c>data/postmaster.pid</c>, if it is written.</summary>
    public int? PostmasterPid()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(Data, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Stops and removes clusters whose test process is gone.</summary>
    public static void RemoveOrphans()
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var directory = new ClusterDirectory(root);
            if (directory.MayBeInUse())
            {
                continue;
            }

            if (directory.PostmasterPid() is { } postmaster && directory.IsPostmasterOfThisCluster(postmaster))
            {
                // Immediate shutdown: nobody is left to care about a clean checkpoint.
                Signals.Send(postmaster, Signals.Quit);
                for (var i = 0; i < 50 && Signals.IsAlive(postmaster); i++)
                {
                    Thread.Sleep(100);
                }
            }

            directory.Delete();
        }
    }

    // In doubt, in use: a folder still being set up has no owner file yet, and another user's
    // folder cannot be read.
    private bool MayBeInUse()
    {
        try
        {
            var text = File.ReadAllText(OwnerPidFile).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                ? Signals.IsAlive(owner)
                : IsRecent();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return IsRecent();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private bool IsRecent() => DateTime.UtcNow - Directory.GetLastWriteTimeUtc(Root) < TimeSpan.FromMinutes(10);

    // A recycled pid must not get someone else's process killed.
    private bool IsPostmasterOfThisCluster(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(Data, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
