using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using Viggotech.Core.Data.Provisioning;

namespace Viggotech.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run: initdb into a temporary folder, the server
/// on a free loopback port with SCRAM password authentication, stopped and deleted on dispose
/// or, failing that, when the test process exits. Orphans of crashed runs are removed on start.
/// As root the server runs as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Superuser = "postgres";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ClusterDirectory directory;
    private readonly Process server;
    private readonly ConcurrentQueue<string> serverLog;
    private int stopped;

    private TestPostgres(ClusterDirectory directory, Process server, ConcurrentQueue<string> serverLog, int port, string superuserPassword)
    {
        this.directory = directory;
        this.server = server;
        this.serverLog = serverLog;
        Port = port;
        AdminConnectionString = ConnectionString(Superuser, superuserPassword, "postgres");
        AppDomain.CurrentDomain.ProcessExit += StopOnProcessExit;
    }

    public int Port { get; }

    /// <summary>The superuser on the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string RecentServerLog => string.Join(Environment.NewLine, serverLog);

    public static async Task<TestPostgres> StartAsync(CancellationToken cancellationToken = default)
    {
        ClusterDirectory.RemoveOrphans();

        var superuserPassword = NewPassword();
        var directory = ClusterDirectory.Create(superuserPassword);
        try
        {
            var asRoot = Environment.IsPrivilegedProcess;
            if (asRoot)
            {
                await ExternalCommand.RunAsync("chown", ["-R", $"{Superuser}:{Superuser}", directory.Root], cancellationToken);
            }

            await RunAsPostgresAsync(asRoot, PostgresInstallation.Tool("initdb"),
            [
                "-D", directory.Data, "-U", Superuser, "--pwfile", directory.PasswordFile,
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions",
            ], cancellationToken);

            // A free port can be taken between the probe and the bind: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var serverLog = new ConcurrentQueue<string>();
                var server = StartServer(asRoot, directory, port, serverLog);
                var postgres = new TestPostgres(directory, server, serverLog, port, superuserPassword);
                try
                {
                    await postgres.WaitUntilAcceptingAsync(cancellationToken);
                    return postgres;
                }
                catch (Exception) when (attempt < 3 && postgres.RecentServerLog.Contains("could not bind", StringComparison.Ordinal))
                {
                    await postgres.StopAsync(deleteFiles: false);
                }
                catch
                {
                    await postgres.DisposeAsync();
                    throw;
                }
            }
        }
        catch
        {
            directory.Delete();
            throw;
        }
    }

    public string ConnectionString(string username, string password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = username,
            Password = password,
            Database = database,
        }.ConnectionString;

    /// <summary>Connection strings for a platform database and its two roles, with fresh passwords.</summary>
    public ProvisioningConnectionStrings PlatformConnectionStrings(string database, string ownerRole, string appRole) =>
        new(AdminConnectionString,
            ConnectionString(ownerRole, NewPassword(), database),
            ConnectionString(appRole, NewPassword(), database));

    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public ValueTask DisposeAsync() => new(StopAsync(deleteFiles: true));

    private static Process StartServer(bool asRoot, ClusterDirectory directory, int port, ConcurrentQueue<string> serverLog)
    {
        string[] arguments =
        [
            "-D", directory.Data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", directory.Socket,
            "-c", "listen_addresses=127.0.0.1",
            // Durability buys nothing for a cluster deleted after the run.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ];
        var startInfo = StartInfo(asRoot, PostgresInstallation.Tool("postgres"), arguments);
        var server = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start postgres.");
        server.ErrorDataReceived += (_, line) => Remember(serverLog, line.Data);
        server.OutputDataReceived += (_, line) => Remember(serverLog, line.Data);
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        return server;
    }

    private static void Remember(ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 200 && log.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with {server.ExitCode}:{Environment.NewLine}{RecentServerLog}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task StopAsync(bool deleteFiles)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= StopOnProcessExit;
        // Pooled client sessions would otherwise outlive the server as broken connections.
        NpgsqlConnection.ClearAllPools();

        // Fast shutdown: ends open sessions instead of waiting for them. As root, the process we
        // started is runuser; the postmaster is its child and is signalled directly.
        var postmaster = directory.PostmasterPid() ?? server.Id;
        Signals.Send(postmaster, Signals.Interrupt);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Signals.Send(postmaster, Signals.Kill);
            server.Kill(entireProcessTree: true);
        }

        server.Dispose();
        if (deleteFiles)
        {
            directory.Delete();
        }
    }

    private void StopOnProcessExit(object? sender, EventArgs e) => StopAsync(deleteFiles: true).GetAwaiter().GetResult();

    private static async Task RunAsPostgresAsync(bool asRoot, string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = StartInfo(asRoot, tool, arguments);
        await ExternalCommand.RunAsync(startInfo.FileName, startInfo.ArgumentList, cancellationToken);
    }

    private static ProcessStartInfo StartInfo(bool asRoot, string tool, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(asRoot ? "runuser" : tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var prefix in new[] { "-u", Superuser, "--", tool })
            {
                startInfo.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static int FreePort() => Viggotech.Testing.Platform.FreePorts.Take(1)[0];
}
