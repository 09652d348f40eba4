namespace Viggotech.Api.Sessions;

public static class SessionsExtensions
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<ISessionStore, RedisSessionStore>();
        return services;
    }
}
