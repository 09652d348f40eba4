using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Viggotech.Testing.Platform;
using Viggotech.Testing.Postgres;

namespace Viggotech.Testing.Storage;

/// <summary>
/// A throwaway Azurite blob service (the repository's pinned copy in <c>.tools/</c>) with the two
/// regional accounts in one process, so server-side copy between them works as in the platform.
/// It can be stopped and started again on the same port with its data kept: storage that goes
/// down and comes back.
/// </summary>
public sealed class TestRegionalAzurite : IAsyncDisposable
{
    public const string RegionA = "regiona";
    public const string RegionB = "regionb";

    private readonly ConcurrentQueue<string> log = new();
    private Process process;

    private TestRegionalAzurite(string dataPath, int port, string keyA, string keyB)
    {
        DataPath = dataPath;
        Port = port;
        KeyA = keyA;
        KeyB = keyB;
        process = Launch();
    }

    /// <summary>Where Azurite keeps its files, for tests that scan what reached the disk.</summary>
    public string DataPath { get; }

    public int Port { get; }

    private string KeyA { get; }

    private string KeyB { get; }

    public string Log => string.Join(Environment.NewLine, log);

    public string RegionAConnectionString => ConnectionString(RegionA, KeyA, Port);

    public string RegionBConnectionString => ConnectionString(RegionB, KeyB, Port);

    /// <summary>Region B's account reached through another local port, e.g. a fault proxy in front of this Azurite.</summary>
    public string RegionBConnectionStringThrough(int port) => ConnectionString(RegionB, KeyB, port);

    public static async Task<TestRegionalAzurite> StartAsync()
    {
        var dataPath = Directory.CreateTempSubdirectory("viggotech-azurite-").FullName;
        var azurite = new TestRegionalAzurite(dataPath, FreePorts.Take(1)[0],
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        try
        {
            await azurite.WaitUntilListeningAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the process; clients get connection refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        // Azurite saves its metadata on a clean close, which the first SIGTERM starts; it exits
        // on the second. A kill outright would lose blobs written in the last seconds.
        for (var attempt = 0; attempt < 2 && !process.HasExited; attempt++)
        {
            Signals.Send(process.Id, Signals.Terminate);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The same accounts, data and port as before the stop.</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        process.Dispose();
        process = Launch();
        await WaitUntilListeningAsync();
    }

    private Process Launch()
    {
        var executable = Path.Combine(RepositoryRoot.Path, ".tools", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing; run scripts/prereqs.sh.");
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--location", DataPath, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--silent",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["AZURITE_ACCOUNTS"] = $"{RegionA}:{KeyA};{RegionB}:{KeyB}";
        var started = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start Azurite.");
        started.OutputDataReceived += (_, line) => Remember(line.Data);
        started.ErrorDataReceived += (_, line) => Remember(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException("Azurite did not start:" + Environment.NewLine + Log);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string ConnectionString(string account, string key, int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{account};";

    private void Remember(string? line)
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
}
