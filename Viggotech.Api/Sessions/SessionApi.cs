using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Identity;

namespace Viggotech.Api.Sessions;

/// <summary>The caller's own session: what the platform knows about this sign-in.</summary>
public static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/session").RequireAuthorization(ActiveSessionRequirement.Policy);
        group.MapGet("/", CurrentAsync);
        return group;
    }

    public static async Task<Results<Ok<CurrentSession>, UnauthorizedHttpResult>> CurrentAsync(HttpContext context, ISessionStore sessions)
    {
        var session = context.Items[typeof(SessionRecord)] as SessionRecord
            ?? (context.User.FindFirst(SessionClaimTypes.SessionId)?.Value is { } sessionId ? await sessions.GetAsync(sessionId) : null);
        return session is not null
            ? TypedResults.Ok(new CurrentSession(session.Id, session.CreatedAt, session.LastSeenAt, session.IpAddress, session.UserAgent, session.MfaMethod))
            : TypedResults.Unauthorized();
    }
}

public sealed record CurrentSession(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? IpAddress, string? UserAgent, string AuthenticationMethods);
