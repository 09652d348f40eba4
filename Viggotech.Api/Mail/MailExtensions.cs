using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Mail;

namespace Viggotech.Api.Mail;

public static class MailExtensions
{
    /// <summary>Account mail: the platform's <see cref="MailSender"/> (Viggotech.Core/Mail) behind this process's <see cref="MailOutbox"/>.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MailSender>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(provider => provider.GetRequiredService<MailOutbox>());
        return services;
    }
}
