using Viggotech.Core.Mail;

namespace Viggotech.Api.Mail;

public static class MailExtensions
{
    /// <summary>Account mail: the platform's <see cref="MailSender"/> (Viggotech.Core/Mail) behind this process's <see cref="MailOutbox"/>.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddMailSender();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(provider => provider.GetRequiredService<MailOutbox>());
        return services;
    }
}
