namespace Viggotech.Api.Sessions;

public static class SessionsExtensions
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<ISessionStore, RedisSessionStore>();
        services.AddScoped<UserContainment>();
        services.AddExceptionHandler<SessionStoreUnavailableHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapSessionsApis(this IEndpointRouteBuilder app)
    {
        app.MapSessionApi();
        app.MapUserSessionsApi();
        app.MapSessionPolicyApi();
        return app;
    }
}
