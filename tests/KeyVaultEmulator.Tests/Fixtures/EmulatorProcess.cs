using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Viggotech.KeyVaultEmulator.Tls;

namespace Viggotech.KeyVaultEmulator.Tests.Fixtures;

/// <summary>
/// The emulator as its own process, launched the way the AppHost launches it: the listening URL
/// from <c>ASPNETCORE_URLS</c> and the data folder from <c>KeyVault__DataPath</c>. Extra
/// environment variables let a test change what the process's OpenSSL allows.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private EmulatorProcess(Process process, string dataPath, Uri vaultUri)
    {
        this.process = process;
        DataPath = dataPath;
        VaultUri = vaultUri;
    }

    public string DataPath { get; }

    public Uri VaultUri { get; }

    public X509Certificate2 Certificate =>
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(DataPath, "tls", EmulatorCertificate.PublicCertificateFile)));

    public static async Task<EmulatorProcess> StartAsync(string dataPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var vaultUri = new Uri($"https://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KeyVaultEmulator.dll"));
        start.Environment["ASPNETCORE_URLS"] = vaultUri.ToString();
        start.Environment["KeyVault__DataPath"] = dataPath;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
        var running = new EmulatorProcess(process, dataPath, vaultUri);
        process.OutputDataReceived += (_, line) => running.output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => running.output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await running.WaitUntilHealthyAsync();
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public string Output => string.Join('\n', output);

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The emulator process exited with code {process.ExitCode}:\n{Output}");
            }

            if (File.Exists(Path.Combine(DataPath, "tls", EmulatorCertificate.PublicCertificateFile)))
            {
                try
                {
                    var pinned = Certificate;
                    using var client = new HttpClient(new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                            presented is not null && presented.RawData.AsSpan().SequenceEqual(pinned.RawData),
                    });
                    if ((await client.GetAsync(new Uri(VaultUri, "/health"))).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The emulator process did not become healthy within 30 seconds:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort() => Viggotech.Testing.Platform.FreePorts.Take(1)[0];
}
