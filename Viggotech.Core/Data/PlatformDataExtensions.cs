using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Microsoft.Extensions.Hosting;

public static class PlatformDataExtensions
{
    /// <summary>
    /// Registers <see cref="PlatformDbContext"/> on the app role's connection string
    /// (<c>ConnectionStrings:viggotech</c>) with the scoped <see cref="ITenantContext"/>, the
    /// tenant session interceptor, and Aspire's retries, health check and telemetry.
    /// </summary>
    /// <remarks>
    /// Not <c>AddNpgsqlDbContext</c>: it pools contexts, and a pooled context is built once with
    /// the root provider, so it could not take the scoped tenant context. A context per scope is
    /// the price of a tenant that can never outlive its request.
    /// </remarks>
    public static TBuilder AddPlatformData<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<ITenantContext>(services => services.GetRequiredService<TenantContext>());
        builder.Services.AddSingleton<TenantSessionInterceptor>();

        builder.Services.AddDbContext<PlatformDbContext>((services, options) =>
        {
            // Read when the first context is built, so a missing setting fails where logging already works.
            var connectionString = builder.Configuration.GetConnectionString(PlatformDatabase.AppConnectionName)
                ?? throw new InvalidOperationException(
                    $"ConnectionStrings:{PlatformDatabase.AppConnectionName} is not configured.");
            options.UseNpgsql(ReadWriteTarget.Apply(connectionString))
                .AddInterceptors(services.GetRequiredService<TenantSessionInterceptor>());
        });

        // Retries on transient failures; a transaction must then run through the execution
        // strategy as a whole, which is what PlatformDbContextTransactions.InTransactionAsync does.
        builder.EnrichNpgsqlDbContext<PlatformDbContext>();
        return builder;
    }
}
