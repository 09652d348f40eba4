using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Api.Roles;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Sessions;

/// <summary>Admins (sessions.manage) see and end any user's sessions in their organisation, and contain a user.</summary>
public static class UserSessionsApi
{
    public static RouteGroupBuilder MapUserSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/{userId:guid}").RequirePermission(Permissions.SessionsManage);
        group.MapGet("/sessions", ListAsync);
        group.MapDelete("/sessions/{id}", EndAsync);
        group.MapPost("/contain", ContainAsync);
        return group;
    }

    public static async Task<Results<Ok<List<SessionView>>, NotFound>> ListAsync(Guid userId, HttpContext context, PlatformDbContext db, ISessionStore sessions)
    {
        // The user must be in the caller's tenant (row-level security answers "no such user" otherwise).
        if (!await db.Users.AnyAsync(u => u.Id == userId, context.RequestAborted))
        {
            return TypedResults.NotFound();
        }

        var current = context.Items[typeof(SessionRecord)] as SessionRecord;
        var list = await sessions.ListForUserAsync(db.TenantId!.Value, userId, context.RequestAborted);
        return TypedResults.Ok(list.Select(s => SessionView.From(s, current?.Id)).ToList());
    }

    public static async Task<Results<NoContent, NotFound>> EndAsync(
        Guid userId, string id, HttpContext context, PlatformDbContext db, ISessionStore sessions, IAuditTrail audit)
    {
        if (await sessions.GetAsync(id, context.RequestAborted) is not { } target || target.UserId != userId || target.TenantId != db.TenantId)
        {
            return TypedResults.NotFound();
        }

        await sessions.RemoveAsync(id, context.RequestAborted);
        await SessionApi.RecordAsync(db, audit, target, "admin", context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<SessionsEnded>, NotFound, ProblemHttpResult>> ContainAsync(
        Guid userId, HttpContext context, UserContainment containment, IUserPermissions permissions)
    {
        if (await permissions.ForUserAsync(userId, context.RequestAborted) is not { } target)
        {
            return TypedResults.NotFound();
        }

        if (target.UserId.ToString() == context.User.FindFirst("sub")?.Value)
        {
            return TypedResults.Problem(title: "Not your own account",
                detail: "Contain another user's account. For your own, change your password and sign out other sessions.", statusCode: StatusCodes.Status409Conflict);
        }

        if (!context.Access().Permissions.IsSupersetOf(target.Permissions))
        {
            return TypedResults.Problem(title: "Not allowed",
                detail: "This user holds permissions you do not hold, so you cannot contain them.", statusCode: StatusCodes.Status403Forbidden);
        }

        var ended = await containment.ContainAsync(userId, context.RequestAborted);
        return ended is { } count ? TypedResults.Ok(new SessionsEnded(count)) : TypedResults.NotFound();
    }
}
