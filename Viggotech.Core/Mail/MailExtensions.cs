using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Mail;

namespace Microsoft.Extensions.Hosting;

public static class PlatformMailExtensions
{
    /// <summary>The platform's mail: <see cref="MailSender"/> (section <c>Mail</c>, <c>ConnectionStrings:mail</c>) and the <see cref="DurableMailOutbox"/>.</summary>
    public static TBuilder AddPlatformMail<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddMailSender();
        builder.Services.TryAddSingleton<DurableMailOutbox>();
        return builder;
    }

    /// <summary>The <see cref="MailSender"/> alone (section <c>Mail</c>, <c>ConnectionStrings:mail</c>), for hosts that send at once or queue their own way.</summary>
    public static IServiceCollection AddMailSender(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MailSender>();
        return services;
    }
}
