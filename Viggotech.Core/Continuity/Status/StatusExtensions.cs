using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Continuity.Status;

namespace Microsoft.Extensions.Hosting;

public static class StatusExtensions
{
    /// <summary>Registers <see cref="PlatformStatusQuery"/> (needs the platform data).</summary>
    public static TBuilder AddPlatformStatus<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<PlatformStatusQuery>();
        return builder;
    }
}
