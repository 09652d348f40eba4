using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Identity;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;

namespace Viggotech.Api.Sessions;

/// <summary>The caller's own sessions: this one, the others, and ending them ("Sessions and devices").</summary>
public static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var current = app.MapGroup("/api/session").RequireAuthorization(ActiveSessionRequirement.Policy);
        current.MapGet("/", CurrentAsync);

        var group = app.MapGroup("/api/sessions").RequireAuthorization(ActiveSessionRequirement.Policy);
        group.MapGet("/", ListAsync);
        group.MapDelete("/{id}", EndAsync);
        group.MapPost("/end-others", EndOthersAsync);
        return group;
    }

    public static async Task<Results<Ok<CurrentSession>, UnauthorizedHttpResult>> CurrentAsync(HttpContext context, ISessionStore sessions)
    {
        var session = context.Items[typeof(SessionRecord)] as SessionRecord
            ?? (context.User.FindFirst(SessionClaimTypes.SessionId)?.Value is { } sessionId ? await sessions.GetAsync(sessionId) : null);
        return session is not null
            ? TypedResults.Ok(new CurrentSession(session.Id, session.CreatedAt, session.LastSeenAt, session.IpAddress, session.UserAgent, session.MfaMethod, session.Device, session.Browser))
            : TypedResults.Unauthorized();
    }

    public static async Task<Ok<List<SessionView>>> ListAsync(HttpContext context, ISessionStore sessions)
    {
        var session = Current(context);
        var all = await sessions.ListForUserAsync(session.TenantId, session.UserId, context.RequestAborted);
        return TypedResults.Ok(all.Select(s => SessionView.From(s, session.Id)).ToList());
    }

    public static async Task<Results<NoContent, NotFound>> EndAsync(string id, HttpContext context, ISessionStore sessions, PlatformDbContext db, IAuditTrail audit)
    {
        var session = Current(context);
        // Only the caller's own sessions: another user's id answers like one that does not exist.
        if (await sessions.GetAsync(id, context.RequestAborted) is not { } target || target.UserId != session.UserId || target.TenantId != session.TenantId)
        {
            return TypedResults.NotFound();
        }

        await sessions.RemoveAsync(id, context.RequestAborted);
        await RecordAsync(db, audit, target, "own", context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SessionsEnded>> EndOthersAsync(HttpContext context, ISessionStore sessions, PlatformDbContext db, IAuditTrail audit)
    {
        var session = Current(context);
        var ended = 0;
        foreach (var other in (await sessions.ListForUserAsync(session.TenantId, session.UserId, context.RequestAborted)).Where(s => s.Id != session.Id))
        {
            if (await sessions.RemoveAsync(other.Id, context.RequestAborted))
            {
                ended++;
                await RecordAsync(db, audit, other, "own", context.RequestAborted);
            }
        }

        return TypedResults.Ok(new SessionsEnded(ended));
    }

    internal static Task RecordAsync(PlatformDbContext db, IAuditTrail audit, SessionRecord ended, string by, CancellationToken cancellationToken) =>
        db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.SessionRevoke, new AuditTarget("session", ended.Id),
            details: new Dictionary<string, string> { ["user"] = ended.UserId.ToString(), ["by"] = by }, cancellationToken: ct), cancellationToken);

    private static SessionRecord Current(HttpContext context) =>
        context.Items[typeof(SessionRecord)] as SessionRecord ?? throw new InvalidOperationException("The active-session check did not run.");
}

public sealed record CurrentSession(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? IpAddress, string? UserAgent, string AuthenticationMethods, string Device, string Browser);
