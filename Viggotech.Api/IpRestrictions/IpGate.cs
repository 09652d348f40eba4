using System.Security.Claims;
using Viggotech.Core.IpRestrictions;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.IpRestrictions;

/// <summary>
/// Checks every request of a signed-in principal (bearer token or the sign-in cookie) against its
/// tenant's allow list, with the client address the trusted-proxy rules left: a blocked address gets
/// 403 problem details before anything else runs; in report-only mode it passes and is recorded.
/// </summary>
public static class IpGate
{
    public const string ProblemType = "https://viggotech.io/problems/ip-not-allowed";

    public static IApplicationBuilder UseIpRestrictions(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true
                && !context.Request.Path.StartsWithSegments(Extensions.HealthEndpointPath)
                && !context.Request.Path.StartsWithSegments(Extensions.AlivenessEndpointPath)
                // Signing out ends access; it stays possible from anywhere.
                && !context.Request.Path.StartsWithSegments("/connect/logout")
                && context.RequestServices.GetRequiredService<TenantContext>().TryEnterFrom(context.User))
            {
                var list = await context.RequestServices.GetRequiredService<IpAllowLists>().CurrentAsync(context.RequestAborted);
                var address = context.Connection.RemoteIpAddress;
                var decision = list.Decide(address);
                if (decision != IpDecision.Allowed)
                {
                    await context.RequestServices.GetRequiredService<IpBlockRecorder>().RecordAsync(
                        address, Channel(context), decision == IpDecision.Blocked, UserId(context.User), context.RequestAborted);
                }

                if (decision == IpDecision.Blocked)
                {
                    await Refuse(context, address?.ToString() ?? "unknown").ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });

    public static IResult Refuse(HttpContext context, string address) => Results.Problem(
        type: ProblemType,
        title: "Address not allowed",
        detail: $"Your organisation does not allow access from {address}. Connect from an allowed network or ask your administrator.",
        statusCode: StatusCodes.Status403Forbidden);

    // The forwarded-headers step keeps the proxy's own address in X-Original-For: the request came through the portal.
    private static string Channel(HttpContext context) =>
        context.Request.Headers.ContainsKey("X-Original-For") ? "portal" : "api";

    private static Guid? UserId(ClaimsPrincipal user) => Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? id : null;
}
