using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Exports;

namespace Microsoft.Extensions.Hosting;

public static class ExportsExtensions
{
    /// <summary>Self-service exports (<see cref="TenantExporter"/>). Needs people, documents and the audit trail.</summary>
    public static TBuilder AddDataExports<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<TenantExporter>();
        return builder;
    }
}
