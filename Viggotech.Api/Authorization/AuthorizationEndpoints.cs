using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Viggotech.Api.Identity;
using Viggotech.Api.Sessions;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Viggotech.Api.Authorization;

/// <summary>
/// The pass-through parts of the authorization server: who the user is at /connect/authorize
/// (the Api's sign-in cookie), whether their session still stands at /connect/token, and ending
/// it at /connect/logout. OpenIddict validates the protocol around each.
/// </summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeAsync).ExcludeFromDescription();
        app.MapPost("/connect/token", TokenAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapMethods("/connect/logout", ["GET", "POST"], LogoutAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IOpenIddictApplicationManager applications)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var result = await context.AuthenticateAsync(SignInSchemes.Session);
        if (!result.Succeeded || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryWithoutPromptLogin(context.Request) }, [SignInSchemes.Session]);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("Unknown client.");
        // First-party clients (implicit consent) need no consent page; third-party consent arrives with app approvals.
        if (await applications.GetConsentTypeAsync(application) != ConsentTypes.Implicit)
        {
            return Forbid(Errors.ConsentRequired, "This application has not been approved for your organisation.");
        }

        var identity = TokenIdentity(result.Principal);
        identity.SetScopes(request.GetScopes());
        identity.SetResources("viggotech-api");
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, ISessionStore sessions, UserManager<User> users, TenantContext tenant)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
        }

        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        if (principal?.FindFirst(SessionClaimTypes.SessionId)?.Value is not { } sessionId || await sessions.GetAsync(sessionId) is not { } session)
        {
            return Forbid(Errors.InvalidGrant, "The session has ended; sign in again.");
        }

        tenant.Enter(session.TenantId);
        var user = await users.FindByIdAsync(session.UserId.ToString());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return Forbid(Errors.InvalidGrant, "The account can no longer sign in.");
        }

        var identity = TokenIdentity(principal);
        identity.SetScopes(principal.GetScopes());
        identity.SetResources(principal.GetResources());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, ISessionStore sessions)
    {
        var result = await context.AuthenticateAsync(SignInSchemes.Session);
        if (result.Principal?.FindFirst(SessionClaimTypes.SessionId)?.Value is { } sessionId)
        {
            await sessions.RemoveAsync(sessionId);
        }

        await context.SignOutAsync(SignInSchemes.Session);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signin" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static ClaimsIdentity TokenIdentity(ClaimsPrincipal source)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Email, Claims.Role);
        foreach (var type in new[] { Claims.Subject, TenantClaimTypes.TenantId, SessionClaimTypes.SessionId, Claims.Email, Claims.Role, SessionClaimTypes.AuthenticationMethod })
        {
            if (source.FindFirst(type)?.Value is { } value)
            {
                identity.SetClaim(type, value);
            }
        }

        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject or TenantClaimTypes.TenantId or SessionClaimTypes.SessionId or Claims.Role
                => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email or SessionClaimTypes.AuthenticationMethod => [Destinations.IdentityToken],
            _ => [],
        });
        return identity;
    }

    private static string QueryWithoutPromptLogin(HttpRequest request)
    {
        // Without this, prompt=login would send the user back to the sign-in page forever.
        var query = request.HasFormContentType ? request.Form.Select(p => KeyValuePair.Create(p.Key, p.Value)) : request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value));
        return QueryString.Create(query.Where(p => p.Key != Parameters.Prompt || p.Value != PromptValues.Login)).ToString();
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
