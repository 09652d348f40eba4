using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

public static class SecurityHeadersExtensions
{
    private const int OneYearInSeconds = 365 * 24 * 60 * 60;

    /// <summary>
    /// The headers every Viggotech page and API response carries: a content security policy that
    /// allows only the platform's own scripts and connections, no framing, no MIME sniffing, a strict
    /// referrer policy and, on HTTPS, HSTS. <paramref name="formActionOrigins"/> are other origins a
    /// form may post to or be redirected to after posting (the sign-in pages and the portal).
    /// </summary>
    public static IApplicationBuilder UsePlatformSecurityHeaders(this IApplicationBuilder app, params string[] formActionOrigins) =>
        app.UseSecurityHeaders(new HeaderPolicyCollection()
            .AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(policy => policy.SameOrigin())
            .AddCrossOriginResourcePolicy(policy => policy.SameOrigin())
            .AddPermissionsPolicy(policy =>
            {
                policy.AddCamera().None();
                policy.AddMicrophone().None();
                policy.AddGeolocation().None();
                policy.AddPayment().None();
            })
            .AddStrictTransportSecurityMaxAgeIncludeSubDomains(OneYearInSeconds)
            .RemoveServerHeader()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                // Blazor's reconnect dialog and form validation set inline style attributes.
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self();
                csp.AddConnectSrc().Self();
                var formAction = csp.AddFormAction().Self();
                foreach (var origin in formActionOrigins)
                {
                    formAction.From(origin);
                }

                csp.AddFrameAncestors().None();
                csp.AddBaseUri().Self();
                csp.AddObjectSrc().None();
            }));
}
