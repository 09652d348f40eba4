using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Viggotech.Worker.Jobs;

public static class RecurringJobsExtensions
{
    /// <summary>Hosts the runner for every job registered with <see cref="AddRecurringJob{TJob}"/>.</summary>
    public static TBuilder AddRecurringJobs<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
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
