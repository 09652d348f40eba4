using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Jobs;

namespace Viggotech.Worker.Jobs;

public static class RecurringJobsExtensions
{
    /// <summary>
    /// Hosts the lease-coordinated runner for every job registered with <see cref="AddRecurringJob{TJob}"/>,
    /// configured from section <c>Worker</c> (<see cref="RecurringJobOptions"/>). Needs the platform data.
    /// </summary>
    public static TBuilder AddRecurringJobs<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<WorkerIdentity>();
        builder.Services.TryAddScoped<JobLeases>();
        builder.Services.AddOptions<RecurringJobOptions>()
            .Bind(builder.Configuration.GetSection(RecurringJobOptions.Section))
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(1), "Worker:LeaseDuration must be at least one second.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<JobWakeups>();
        builder.Services.AddHostedService<JobWakeupListener>();
        builder.Services.AddHostedService<RecurringJobRunner>();
        return builder;
    }

    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, TimeSpan interval)
        where TJob : class, IRecurringJob
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        services.AddScoped<TJob>();
        services.AddSingleton(new RecurringJobSchedule(name, typeof(TJob), interval));
        return services;
    }
}
