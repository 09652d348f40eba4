using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Viggotech.Api.Sessions;

namespace Viggotech.Api.Identity;

/// <summary>The Api's sign-in cookie is only as good as its session: once the session ends, the cookie is refused.</summary>
public static class SessionCookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionStore>();
        var sessionId = context.Principal?.FindFirst(SessionClaimTypes.SessionId)?.Value;
        if (sessionId is null || await sessions.GetAsync(sessionId) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SignInSchemes.Session);
        }
    }
}
