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
        builder.Services.AddSingleton(services => new DatabaseProvisioner(
            services.GetRequiredService<ProvisioningConnectionStrings>(),
            services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            OperatorEmails(builder.Configuration)));
        return builder;
    }

    // "a@x.org,b@y.org" or an array section (Operators:Emails:0 ...); absent means "leave the list alone".
    private static IReadOnlyList<string>? OperatorEmails(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var section = configuration.GetSection("Operators:Emails");
        if (section.Value is { } joined)
        {
            return joined.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var items = section.GetChildren().Select(child => child.Value).OfType<string>().ToList();
        return items.Count > 0 ? items : null;
    }
}
