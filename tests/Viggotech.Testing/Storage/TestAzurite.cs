using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Viggotech.Testing.Platform;
using Viggotech.Testing.Postgres;

namespace Viggotech.Testing.Storage;

/// <summary>
/// Azurite's blob service (the copy scripts/prereqs.sh installs into .tools/) on a free loopback
/// port, with a temporary data folder and one account whose key is random for this run.
/// </summary>
public sealed class TestAzurite : IAsyncDisposable
{
    public const string Account = "testaccount";

    private readonly Process process;
    private readonly ConcurrentQueue<string> output;

    private TestAzurite(Process process, ConcurrentQueue<string> output, string dataPath, int port, string key)
    {
        this.process = process;
        this.output = output;
        DataPath = dataPath;
        Port = port;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{Account};";
    }

    /// <summary>Where Azurite keeps the blobs' bytes on disk: what a test scans for plaintext.</summary>
    public string DataPath { get; }

    public int Port { get; }

    public string ConnectionString { get; }

    public BlobServiceClient CreateClient() => new(ConnectionString);

    public static async Task<TestAzurite> StartAsync()
    {
        var executable = Path.Combine(RepositoryRoot(), ".tools", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}; run scripts/prereqs.sh.");
        }

        var dataPath = Directory.CreateTempSubdirectory("viggotech-azurite-").FullName;
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var port = FreePorts.Take(1)[0];
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--location", dataPath, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AZURITE_ACCOUNTS"] = $"{Account}:{key}";
        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new TestAzurite(process, output, dataPath, port, key);
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

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // Azurite logs a clean close on the first SIGTERM but stays up; the second ends it.
            Signals.Send(process.Id, 15);
            await Task.Delay(200);
            Signals.Send(process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with {process.ExitCode}: {string.Join('\n', output)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Viggotech.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Viggotech.sln was not found above the test binaries.");
    }
}
