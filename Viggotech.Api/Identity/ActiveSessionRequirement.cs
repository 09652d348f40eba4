using Microsoft.AspNetCore.Authorization;
using Viggotech.Api.Sessions;

namespace Viggotech.Api.Identity;

/// <summary>An API call is allowed only while the session its token names still exists.</summary>
public sealed class ActiveSessionRequirement : IAuthorizationRequirement
{
    public const string Policy = "active-session";
}

public sealed class ActiveSessionHandler(ISessionStore sessions) : AuthorizationHandler<ActiveSessionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveSessionRequirement requirement)
    {
        if (context.User.FindFirst(SessionClaimTypes.SessionId)?.Value is { } sessionId
            && await sessions.GetAsync(sessionId) is { } session
            && session.UserId.ToString() == context.User.FindFirst("sub")?.Value)
        {
            await sessions.TouchAsync(session);
            // Endpoints that need the session read it from here instead of asking Redis again.
            if (context.Resource is HttpContext http)
            {
                http.Items[typeof(SessionRecord)] = session;
            }

            context.Succeed(requirement);
        }
    }
}
