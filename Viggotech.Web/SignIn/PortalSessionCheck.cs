using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Endpoints;
using StackExchange.Redis;
using Viggotech.Web.Api;

namespace Viggotech.Web.SignIn;

/// <summary>
/// Every portal page asks the Api about the signed-in session before it renders. A session that
/// ended (revoked, idle, past its lifetime) signs the portal out with a clear page; sessions that
/// cannot be checked (Redis or the Api unreachable) get a 503 page, never the page unchecked.
/// </summary>
public static partial class PortalSessionCheck
{
    public const string SignedOutPath = "/signed-out";

    /// <summary>Outermost: the cookie's ticket store is Redis too, so its failures arrive here as well.</summary>
    public static IApplicationBuilder UseSessionStoreFailurePage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception exception) when (IsUnavailable(exception) && !context.Response.HasStarted)
            {
                LogUnavailable(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSessionCheck)), exception.GetType().Name);
                await UnavailableAsync(context);
            }
        });

    /// <summary>After authentication, before authorization: pages only, and only for signed-in users.</summary>
    public static IApplicationBuilder UsePortalSessionCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true || context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            {
                await next(context);
                return;
            }

            var status = await context.RequestServices.GetRequiredService<PortalUser>().CheckAsync();
            if (status == HttpStatusCode.Unauthorized)
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                context.Response.Redirect(SignedOutPath);
                return;
            }

            if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
            {
                await UnavailableAsync(context);
                return;
            }

            await next(context);
        });

    private static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisException or RedisTimeoutException or HttpRequestException)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task UnavailableAsync(HttpContext context)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "10";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · Viggotech</title><link rel="stylesheet" href="/app.css"></head>
            <body><main id="main"><h1>Temporarily unavailable</h1>
            <p role="alert">Viggotech cannot check your sign-in right now, so nothing is shown until it can. Your data is safe. Try again in a moment.</p>
            <p><a href="/">Try again</a></p></main></body></html>
            """);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in sessions could not be checked ({ExceptionType}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
