using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Identity;

/// <summary>Enters the tenant named by the authenticated principal (token or sign-in cookie), never one the client names.</summary>
public static class TenantFromPrincipal
{
    public static IApplicationBuilder UseTenantFromPrincipal(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.RequestServices.GetRequiredService<TenantContext>().TryEnterFrom(context.User);
            await next(context);
        });
}
