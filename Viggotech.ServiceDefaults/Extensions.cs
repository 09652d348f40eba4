using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Viggotech.ServiceDefaults.Redaction;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults for every Viggotech service: telemetry over OTLP, health checks,
/// service discovery, resilient HttpClients and redaction of classified data in logs.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>
    /// How long one health result is served: dependencies are probed at most once per interval,
    /// however many callers (load balancers, probes, attackers) ask.
    /// </summary>
    public static readonly TimeSpan HealthResultLifetime = TimeSpan.FromSeconds(1);

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();
        builder.UseModernTls();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Telemetry, health checks and redaction only: for workers that serve no HTTP clients, and for hosts that set up TLS themselves.</summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddLogRedaction();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Viggotech.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Viggotech.*")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddRequestTimeouts(options =>
            options.AddPolicy(HealthEndpointPath, TimeSpan.FromSeconds(5)));
        builder.Services.AddOutputCache(options =>
            options.AddPolicy(HealthEndpointPath, policy => policy.Expire(HealthResultLifetime)));
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check must pass: the service can do its job) and <c>/alive</c>
    /// (only the live checks: the process answers). Both exist in every environment; they
    /// report a status word only, never check details, time out after five seconds, and are
    /// answered from a one-second cache so probing them cannot load the database.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseRequestTimeouts();
        app.UseOutputCache();
        app.MapHealthChecks(HealthEndpointPath)
            .WithRequestTimeout(HealthEndpointPath).CacheOutput(HealthEndpointPath).DisableHttpMetrics().AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        }).WithRequestTimeout(HealthEndpointPath).CacheOutput(HealthEndpointPath).DisableHttpMetrics().AllowAnonymous();
        return app;
    }
}
