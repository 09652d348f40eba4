using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Requests;

namespace Microsoft.Extensions.Hosting;

public static class ExportsExtensions
{
    /// <summary>
    /// Self-service exports: <see cref="TenantExporter"/>, the requests (<see cref="DataExports"/>)
    /// and the builds (<see cref="DataExportBuilds"/>, run by the Worker's <c>export-builds</c> job).
    /// Needs people, documents, the audit trail, the tenant keys and both regions' storage.
    /// </summary>
    public static TBuilder AddDataExports<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBlobReplicationQueue();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<TenantExporter>();
        builder.Services.TryAddSingleton<DataExports>();
        builder.Services.TryAddSingleton<DataExportBuilds>();
        if (!builder.Services.Any(s => s.ServiceType == typeof(DataExportsTableRegistration)))
        {
            builder.Services.AddSingleton<DataExportsTableRegistration>();
            builder.Services.AddEncryptedTable(DataExportsTable.Descriptor);
        }

        return builder;
    }

    // Marks the sealed-key column as registered for re-encryption once, however often exports are added.
    private sealed class DataExportsTableRegistration;
}
