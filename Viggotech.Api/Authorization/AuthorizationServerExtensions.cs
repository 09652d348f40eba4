using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Viggotech.Core.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Viggotech.Api.Authorization;

public static class AuthorizationServerExtensions
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// OpenIddict as the platform's authorization server: authorization code with PKCE (S256 only),
    /// rotating refresh tokens with reuse detection, revocation, introspection and discovery; no
    /// implicit, hybrid or password grant. Validation of access tokens is local.
    /// </summary>
    public static IServiceCollection AddAuthorizationServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<PlatformDbContext>())
            .AddServer(server =>
            {
                if (configuration["Identity:Issuer"] is { Length: > 0 } issuer)
                {
                    server.SetIssuer(new Uri(issuer));
                }

                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetIntrospectionEndpointUris("connect/introspect");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.OfflineAccess, PortalClient.ApiScope);
                server.SetAccessTokenLifetime(AccessTokenLifetime).SetRefreshTokenLifetime(RefreshTokenLifetime);
                // Each refresh token works once: presenting a used one revokes the whole chain (theft detection).
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });

        services.AddSingleton<KeyVaultServerKeys>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<KeyVaultServerKeys>());
        // Plain PKCE sends the verifier in the clear; only S256 is offered or accepted.
        services.Configure<OpenIddictServerOptions>(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
        services.AddHostedService<PortalClient>();
        return services;
    }
}
