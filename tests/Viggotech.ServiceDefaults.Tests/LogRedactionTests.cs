using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Viggotech.ServiceDefaults.Redaction;

namespace Viggotech.ServiceDefaults.Tests;

public sealed partial class LogRedactionTests
{
    [Fact]
    public void Classified_values_never_reach_a_log_provider()
    {
        var sink = new CapturingProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.AddBasicServiceDefaults();
        builder.Logging.AddProvider(sink);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<LogRedactionTests>>();

        SignedIn(logger, "tenant-42", "alice@example.com", "203.0.113.7", "s3cr3t-refresh-token");

        var entry = Assert.Single(sink.Entries, e => e.Contains("tenant-42", StringComparison.Ordinal));
        Assert.DoesNotContain("alice@example.com", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-refresh-token", entry, StringComparison.Ordinal);
        // The fields stay on the event, erased by the configured redactor, so log queries keep their shape.
        Assert.Contains("Email= |", entry, StringComparison.Ordinal);
        Assert.Contains("RefreshToken= |", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclassified_values_are_logged_as_they_are()
    {
        var sink = new CapturingProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.AddBasicServiceDefaults();
        builder.Logging.AddProvider(sink);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<LogRedactionTests>>();

        SignedIn(logger, "tenant-43", "bob@example.com", "198.51.100.1", "token");

        Assert.Contains(sink.Entries, e => e.Contains("tenant-43", StringComparison.Ordinal));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in to {Tenant} as {Email} from {Address} with {RefreshToken}")]
    private static partial void SignedIn(
        ILogger logger, string tenant, [PersonalData] string email, [PersonalData] string address, [SecretData] string refreshToken);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentBag<string> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentBag<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Both the rendered message and every structured value are what a provider could export.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" | ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : "";
            entries.Add(formatter(state, exception) + " || " + values);
        }
    }
}
