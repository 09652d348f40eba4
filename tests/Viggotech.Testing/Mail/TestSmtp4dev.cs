using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Testing.Mail;

/// <summary>
/// A throwaway smtp4dev (the repository's pinned dotnet tool) on free ports with its own data
/// folder: the platform's SMTP sink for tests that do not boot the whole AppHost.
/// </summary>
public sealed class TestSmtp4dev : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ConcurrentQueue<string> log = new();
    private readonly string dataPath;
    private readonly int smtp;
    private readonly int imap;
    private readonly int pop3;
    private Process process;

    private TestSmtp4dev(string dataPath, int web, int smtp, int imap, int pop3)
    {
        this.dataPath = dataPath;
        this.smtp = smtp;
        this.imap = imap;
        this.pop3 = pop3;
        WebUri = new Uri($"http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}");
        SmtpConnectionString = $"smtp://127.0.0.1:{smtp.ToString(CultureInfo.InvariantCulture)}";
        process = Launch();
    }

    private Process Launch()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "tool", "run", "smtp4dev", "--",
                     $"--urls={WebUri}", $"--smtpport={smtp.ToString(CultureInfo.InvariantCulture)}",
                     $"--imapport={imap.ToString(CultureInfo.InvariantCulture)}", $"--pop3port={pop3.ToString(CultureInfo.InvariantCulture)}",
                     "--bindaddress=127.0.0.1", "--hostname=localhost", $"--baseappdatapath={dataPath}", $"--db={Path.Combine(dataPath, "smtp4dev.db")}",
                     "--nousersettings",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var started = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start smtp4dev.");
        started.OutputDataReceived += (_, line) => Remember(line.Data);
        started.ErrorDataReceived += (_, line) => Remember(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    /// <summary>The web UI and REST API (what <see cref="Mailbox"/> reads).</summary>
    public Uri WebUri { get; }

    /// <summary>What the platform's services get as <c>ConnectionStrings:mail</c>.</summary>
    public string SmtpConnectionString { get; }

    public Mailbox Mailbox => new(WebUri);

    public static async Task<TestSmtp4dev> StartAsync()
    {
        var ports = FreePorts.Take(4);
        var sink = new TestSmtp4dev(Directory.CreateTempSubdirectory("viggotech-smtp4dev-").FullName, ports[0], ports[1], ports[2], ports[3]);
        try
        {
            await sink.WaitUntilServingAsync();
            return sink;
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    /// <summary>An outage: the server stops (its SMTP port refuses connections) until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Brings the server back on the same ports with the same mailbox.</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        process.Dispose();
        process = Launch();
        await WaitUntilServingAsync();
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri(WebUri, "/api/Server"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("smtp4dev did not start:" + Environment.NewLine + string.Join(Environment.NewLine, log));
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

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
