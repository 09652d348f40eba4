using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Sessions;

/// <summary>
/// The tenant's session policy: idle timeout, absolute lifetime, sessions per user. New sessions
/// follow it; a tightened policy also reaches the sessions that already exist.
/// </summary>
public static class SessionPolicyApi
{
    public static RouteGroupBuilder MapSessionPolicyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/session-policy");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.PoliciesRead);
        group.MapPut("/", SaveAsync).RequirePermission(Permissions.PoliciesManage);
        return group;
    }

    public static async Task<Ok<SessionPolicyView>> GetAsync(PlatformDbContext db) =>
        TypedResults.Ok(View(await db.SecurityPolicies.AsNoTracking().SingleOrDefaultAsync() ?? TenantSecurityPolicy.Default(db.TenantId!.Value)));

    public static async Task<Results<Ok<SessionPolicyView>, ValidationProblem>> SaveAsync(
        SessionPolicyInput input, PlatformDbContext db, IAuditTrail audit, ISessionStore sessions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = await db.InTransactionAsync(async ct =>
        {
            var policy = await db.SecurityPolicies.SingleOrDefaultAsync(ct);
            if (policy is null)
            {
                policy = TenantSecurityPolicy.Default(db.TenantId!.Value);
                db.SecurityPolicies.Add(policy);
            }

            policy.SessionIdleMinutes = input.IdleMinutes;
            policy.SessionAbsoluteHours = input.AbsoluteHours;
            policy.MaxSessionsPerUser = input.MaxSessionsPerUser;
            policy.SessionLimitBehaviour = input.LimitBehaviour!;
            policy.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.SessionPolicyChange, new AuditTarget("tenant", policy.TenantId.ToString()), details: new Dictionary<string, string>
            {
                ["idle_minutes"] = input.IdleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["absolute_hours"] = input.AbsoluteHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["max_sessions_per_user"] = input.MaxSessionsPerUser?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                ["limit_behaviour"] = input.LimitBehaviour!,
            }, cancellationToken: ct);
            return policy;
        }, cancellationToken);

        // After the commit, so a sign-in racing this save either reads the new policy or has its session tightened here.
        var limits = SessionLimits.From(policy);
        foreach (var userId in await db.Users.AsNoTracking().Select(u => u.Id).ToListAsync(cancellationToken))
        {
            await sessions.ApplyLimitsAsync(policy.TenantId, userId, limits, cancellationToken);
        }

        return TypedResults.Ok(View(policy));
    }

    private static SessionPolicyView View(TenantSecurityPolicy policy) =>
        new(policy.SessionIdleMinutes, policy.SessionAbsoluteHours, policy.MaxSessionsPerUser, policy.SessionLimitBehaviour);
}
