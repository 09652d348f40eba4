using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Alerts;

namespace Viggotech.Core.IpRestrictions;

public static class IpRestrictionsExtensions
{
    /// <summary>Allow lists with their per-tenant cache, blocked-attempt recording and security alerts.</summary>
    public static IServiceCollection AddIpRestrictions(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<IpAllowLists>();
        services.AddScoped<IpBlockRecorder>();
        services.AddScoped<SecurityAlerts>();
        return services;
    }
}
