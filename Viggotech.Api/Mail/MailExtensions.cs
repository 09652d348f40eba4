namespace Viggotech.Api.Mail;

public static class MailExtensions
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(provider => provider.GetRequiredService<MailOutbox>());
        return services;
    }
}
