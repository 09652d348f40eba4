using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Viggotech.Testing.Platform;

/// <summary>
/// Watches a booting platform: keeps the last log lines of every resource and ends the start at
/// once when a server that should keep running stops or a one-off step fails, so a failed boot reports which resource
/// failed and what it printed instead of waiting out the start's time limit in silence.
/// </summary>
public sealed class PlatformStartupWatch : IAsyncDisposable
{
    private const int LinesKept = 20;
    private const int ErrorsKept = 6;

    private readonly DistributedApplication app;
    private readonly IReadOnlyCollection<string> longRunning;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, Queue<string>> tails = new();
    private readonly ConcurrentDictionary<string, List<string>> firstErrors = new();
    private readonly List<Task> watchers = [];
    private volatile string? failure;

    private PlatformStartupWatch(DistributedApplication app, IReadOnlyCollection<string> longRunning)
    {
        this.app = app;
        this.longRunning = longRunning;
    }

    /// <summary>Why the start was ended early, or null.</summary>
    public string? Failure => failure;

    /// <summary>Starts watching a built, not yet started platform; <paramref name="startup"/> is cancelled when a long-running resource stops or any resource exits with an error.</summary>
    public static PlatformStartupWatch Start(DistributedApplication app, IReadOnlyCollection<string> longRunning, CancellationTokenSource startup)
    {
        var watch = new PlatformStartupWatch(app, longRunning);
        lock (watch.watchers)
        {
            watch.watchers.Add(watch.WatchStatesAsync(startup));
        }
        return watch;
    }

    /// <summary>Every resource's state, health and exit code; for those not running healthily, their first error lines (!) and last lines (|).</summary>
    public string Report()
    {
        var report = new StringBuilder();
        if (failure is not null)
        {
            report.AppendLine(failure);
        }

        foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            var state = "no state";
            var healthy = false;
            if (app.ResourceNotifications.TryGetCurrentState(resource.Name, out var current))
            {
                var snapshot = current.Snapshot;
                healthy = snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    || (snapshot.State?.Text == KnownResourceStates.Finished && snapshot.ExitCode == 0);
                state = $"{snapshot.State?.Text ?? "unknown"}, health {snapshot.HealthStatus?.ToString() ?? "none"}"
                    + (snapshot.ExitCode is { } code ? $", exit code {code}" : string.Empty);
            }

            report.AppendLine($"- {resource.Name}: {state}");
            if (!healthy && firstErrors.TryGetValue(resource.Name, out var errors))
            {
                lock (errors)
                {
                    foreach (var line in errors)
                    {
                        report.Append("    ! ").AppendLine(line);
                    }
                }
            }

            if (!healthy && tails.TryGetValue(resource.Name, out var tail))
            {
                lock (tail)
                {
                    foreach (var line in tail)
                    {
                        report.Append("    | ").AppendLine(line);
                    }
                }
            }
        }

        return report.ToString();
    }

    private async Task KeepTailAsync(ResourceLoggerService loggers, string resource, string instance)
    {
        var tail = tails.GetOrAdd(resource, _ => new Queue<string>());
        var errors = firstErrors.GetOrAdd(resource, _ => []);
        try
        {
            // Logs are kept under the orchestrator's instance id (e.g. api-abc123), not the resource name.
            await foreach (var batch in loggers.WatchAsync(instance).WithCancellation(stop.Token))
            {
                lock (errors)
                {
                    foreach (var line in batch.Where(IsError).Take(ErrorsKept - errors.Count))
                    {
                        errors.Add(Shorten(line.Content));
                    }
                }

                lock (tail)
                {
                    foreach (var line in batch)
                    {
                        tail.Enqueue(Shorten(line.Content));
                        while (tail.Count > LinesKept)
                        {
                            tail.Dequeue();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsError(LogLine line) =>
        line.IsErrorMessage || line.Content.Contains("fail:", StringComparison.Ordinal) || line.Content.Contains("crit:", StringComparison.Ordinal)
        || line.Content.Contains("Unhandled exception", StringComparison.Ordinal) || line.Content.Contains("FATAL", StringComparison.Ordinal);

    private static string Shorten(string line) => line.Length > 400 ? line[..400] : line;

    private async Task WatchStatesAsync(CancellationTokenSource startup)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var watched = new HashSet<string>();
        try
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(stop.Token))
            {
                if (watched.Add(change.ResourceId))
                {
                    lock (watchers)
                    {
                        watchers.Add(KeepTailAsync(loggers, change.Resource.Name, change.ResourceId));
                    }
                }

                var state = change.Snapshot.State?.Text;
                var stopped = state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart || state == KnownResourceStates.Finished;
                if (stopped && (longRunning.Contains(change.Resource.Name) || change.Snapshot.ExitCode is not (null or 0)))
                {
                    failure = $"{change.Resource.Name} stopped while the platform was starting ({state}, exit code {change.Snapshot.ExitCode?.ToString() ?? "none"}).";
                    await startup.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        Task[] running;
        lock (watchers)
        {
            running = [.. watchers];
        }

        await Task.WhenAll(running);
        stop.Dispose();
    }
}
