using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using Viggotech.ServiceDefaults.DataProtection;

namespace Viggotech.Web.SignIn;

public static class PortalSignInExtensions
{
    /// <summary>
    /// The portal as a confidential OpenID Connect client of the Api (code flow, PKCE, tokens kept
    /// server-side). The browser gets one HttpOnly, Secure, SameSite=Lax cookie holding a reference.
    /// The cookies' keys are sealed under Key Vault (<see cref="PortalKeyRing"/>): the host registers
    /// the vault client with <c>AddPlatformKeyVault</c>.
    /// </summary>
    public static IServiceCollection AddPortalSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("viggotech-web")
            .ProtectKeysWithVaultSeal<PortalKeyDecryptor>(KeyVaultKeySeal.Portal);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), PortalKeyRing.RedisKey));
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) => options.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        services.AddSingleton<RedisTicketStore>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "__Host-vt.portal";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(24);
                options.SlidingExpiration = false;
                options.AccessDeniedPath = "/not-allowed";
                options.Events.OnValidatePrincipal = TokenRefresh.ValidatePrincipalAsync;
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = configuration["Identity:Authority"];
                options.ClientId = "portal";
                options.ClientSecret = configuration["Portal:ClientSecret"];
                options.ResponseType = "code";
                // A redirect rather than an auto-posting form: the Api's CSP allows no inline script, and PKCE protects the code.
                options.ResponseMode = "query";
                options.UsePkce = true;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "email", "offline_access", "api" })
                {
                    options.Scope.Add(scope);
                }

                options.TokenValidationParameters.NameClaimType = "email";
                options.TokenValidationParameters.RoleClaimType = "role";
                options.CorrelationCookie.Name = "vt.portal.correlation.";
                options.NonceCookie.Name = "vt.portal.nonce.";
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<RedisTicketStore>((options, store) => options.SessionStore = store);
        services.AddAntiforgery(options => options.Cookie.Name = "vt.portal.antiforgery");
        return services;
    }

    public static IEndpointRouteBuilder MapPortalSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = returnUrl is { Length: > 1 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/" },
            [OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(title: "The form expired", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        }).DisableAntiforgery();
        return app;
    }
}
