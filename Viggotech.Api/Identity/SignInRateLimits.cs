using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Viggotech.Api.Identity;

/// <summary>
/// Per-address limits on the endpoints attackers hammer: password sign-in, the token endpoint
/// and password-reset requests. The address is the connection's own (forwarded headers are not
/// trusted here). Over the limit: 429 with Retry-After.
/// </summary>
public static class SignInRateLimits
{
    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimits");
        var signIn = section.GetValue("SignInPerMinute", 30);
        var token = section.GetValue("TokenPerMinute", 120);
        var reset = section.GetValue("ResetPer15Minutes", 5);

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var path = context.Request.Path;
                var isPost = HttpMethods.IsPost(context.Request.Method);
                if (isPost && (path.Equals("/signin", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/signin/mfa", StringComparison.OrdinalIgnoreCase)))
                {
                    return Window("signin:" + ip, signIn, TimeSpan.FromMinutes(1));
                }

                if (isPost && path.StartsWithSegments("/connect/token", StringComparison.OrdinalIgnoreCase))
                {
                    return Window("token:" + ip, token, TimeSpan.FromMinutes(1));
                }

                if (isPost && path.StartsWithSegments("/forgot-password", StringComparison.OrdinalIgnoreCase))
                {
                    return Window("reset:" + ip, reset, TimeSpan.FromMinutes(15));
                }

                return RateLimitPartition.GetNoLimiter("none");
            });
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Results.Problem(
                    title: "Too many requests",
                    detail: "Too many attempts from your address. Wait a moment and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext));
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });
}
