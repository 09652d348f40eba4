using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Data.Provisioning;

namespace Microsoft.Extensions.Hosting;

public static class ProvisioningExtensions
{
    /// <summary>
    /// Registers <see cref="DatabaseProvisioner"/> on <c>ConnectionStrings:postgres-admin</c>,
    /// <c>ConnectionStrings:viggotech-owner</c> and <c>ConnectionStrings:viggotech</c>.
    /// </summary>
    public static TBuilder AddDatabaseProvisioning<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(_ => ProvisioningConnectionStrings.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<DatabaseProvisioner>();
        return builder;
    }
}
