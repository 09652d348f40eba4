using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Viggotech.Web.Api;

namespace Viggotech.Web.Access;

/// <summary>
/// Every portal request of a signed-in user is checked against their organisation's IP restrictions:
/// the portal asks the Api who the user is (which it does for each page anyway) with the browser's
/// address forwarded, and a refusal there ends the request here with a 403 page. Signing out stays possible.
/// </summary>
public static class PortalIpGate
{
    public static IApplicationBuilder UsePortalIpGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && Checked(context.Request.Path))
            {
                var user = context.RequestServices.GetRequiredService<PortalUser>();
                await user.CurrentAsync();
                if (user.AddressRefused)
                {
                    var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync(Page(user.RefusalDetail, tokens), context.RequestAborted);
                    return;
                }
            }

            await next(context);
        });

    private static bool Checked(PathString path) =>
        !path.StartsWithSegments("/signout") && !path.StartsWithSegments("/signout-callback-oidc")
        && !path.StartsWithSegments("/health") && !path.StartsWithSegments("/alive")
        && !Path.HasExtension(path.Value);

    private static string Page(string? detail, AntiforgeryTokenSet tokens) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Address not allowed · Viggotech</title><link rel="stylesheet" href="/app.css" /></head>
        <body><main id="main">
        <h1>Address not allowed</h1>
        <p role="alert">{WebUtility.HtmlEncode(detail ?? "Your organisation does not allow access from this network.")}</p>
        <p>Connect from an allowed network, or ask your organisation's administrator to add this address under IP restrictions.</p>
        <form method="post" action="/signout"><input type="hidden" name="{WebUtility.HtmlEncode(tokens.FormFieldName)}" value="{WebUtility.HtmlEncode(tokens.RequestToken)}" /><button type="submit">Sign out</button></form>
        </main></body></html>
        """;
}
