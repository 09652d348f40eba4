using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Mail;

namespace Microsoft.Extensions.Hosting;

public static class PlatformMailExtensions
{
    /// <summary>The platform's mail: <see cref="MailSender"/> (section <c>Mail</c>, <c>ConnectionStrings:mail</c>) and the <see cref="DurableMailOutbox"/>.</summary>
    public static TBuilder AddPlatformMail<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<MailSender>();
        builder.Services.TryAddSingleton<DurableMailOutbox>();
        return builder;
    }
}
