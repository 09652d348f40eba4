using OpenIddict.Validation.AspNetCore;

namespace Viggotech.Api.Roles;

/// <summary>
/// For bench/authz.sh only: GET /api/users again, with the token still validated (so the tenant is
/// known) but without the session and permission checks, to measure what those checks cost. Mapped
/// only in Development with <c>Benchmark:UncheckedReads</c> set; never in any other environment.
/// </summary>
public static class UncheckedBenchmarkRoutes
{
    public static WebApplication MapUncheckedBenchmarkRoutes(this WebApplication app)
    {
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue<bool>("Benchmark:UncheckedReads"))
        {
            app.MapGet("/api/benchmark/unchecked/users", UsersApi.ListAsync)
                .RequireAuthorization(policy => policy.AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        }

        return app;
    }
}
