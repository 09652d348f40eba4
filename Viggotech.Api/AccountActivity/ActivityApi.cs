using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.AccountActivity;

/// <summary>Account activity across the organisation: any user's sign-in history, for people who read the audit trail.</summary>
public static class ActivityApi
{
    public static RouteGroupBuilder MapActivityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/activity");
        group.MapGet("/sign-ins", SignInsAsync).RequirePermission(Permissions.AuditRead);
        return group;
    }

    /// <summary>The latest sign-in attempts, of one user when <paramref name="userId"/> is given (it is looked up inside the tenant only).</summary>
    public static async Task<Ok<ActivityView>> SignInsAsync(PlatformDbContext db, Guid? userId = null, int limit = 100)
    {
        limit = Math.Clamp(limit, 1, 500);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new ActivityUser(u.Id, u.Email ?? "")).ToListAsync();
        var emails = users.ToDictionary(u => u.Id, u => u.Email);
        var query = db.SignInEvents.AsNoTracking();
        if (userId is { } id)
        {
            query = query.Where(e => e.UserId == id);
        }

        var events = await query.OrderByDescending(e => e.OccurredAt).Take(limit).ToListAsync();
        return TypedResults.Ok(new ActivityView(users, events.Select(e => new ActivitySignIn(
            e.OccurredAt, e.UserId, emails.GetValueOrDefault(e.UserId, ""), e.Outcome, e.Reason, e.Method, e.IpAddress,
            DeviceDescription.From(e.UserAgent), e.UserAgent)).ToList()));
    }
}

public sealed record ActivityView(IReadOnlyList<ActivityUser> Users, IReadOnlyList<ActivitySignIn> SignIns);

public sealed record ActivityUser(Guid Id, string Email);

public sealed record ActivitySignIn(DateTimeOffset OccurredAt, Guid UserId, string Email, string Outcome, string? Reason, string? Method, string? IpAddress, string Device, string? UserAgent);
