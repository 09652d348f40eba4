using System.Runtime.InteropServices;

namespace Viggotech.Testing.Postgres;

/// <summary>POSIX signals to the postmaster: .NET can only SIGKILL, and PostgreSQL wants SIGINT (fast shutdown).</summary>
internal static class Signals
{
    public const int Interrupt = 2;
    public const int Quit = 3;
    public const int Kill = 9;
    public const int Terminate = 15;

    /// <returns>False when the process no longer exists.</returns>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
