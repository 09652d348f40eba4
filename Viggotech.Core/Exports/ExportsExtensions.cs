using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Requests;

namespace Microsoft.Extensions.Hosting;

public static class ExportsExtensions
{
    /// <summary>
    /// Self-service exports: <see cref="TenantExporter"/>, the requests (<see cref="DataExports"/>)
    /// and, with <paramref name="buildInBackground"/>, the background builder in this process.
    /// Needs people, documents, the audit trail and both regions' storage.
    /// </summary>
    public static TBuilder AddDataExports<TBuilder>(this TBuilder builder, bool buildInBackground = false) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBlobReplicationQueue();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<TenantExporter>();
        builder.Services.TryAddSingleton<DataExportQueue>();
        builder.Services.TryAddSingleton<DataExports>();
        builder.Services.TryAddSingleton<DataExportBuilder>();
        if (buildInBackground)
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<DataExportBuilder>());
        }

        return builder;
    }
}
