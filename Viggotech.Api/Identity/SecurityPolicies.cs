using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>The current tenant's security policy (or the defaults while the tenant has saved none).</summary>
public sealed class SecurityPolicies(PlatformDbContext db)
{
    public async Task<TenantSecurityPolicy> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = db.TenantId ?? throw new InvalidOperationException("No tenant context.");
        return await db.SecurityPolicies.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? TenantSecurityPolicy.Default(tenantId);
    }

    /// <summary>Whether this user must have a second factor under the policy.</summary>
    public static bool RequiresMfa(TenantSecurityPolicy policy, User user) => policy.MfaRequirement switch
    {
        MfaRequirements.Everyone => true,
        MfaRequirements.Admins => user.IsAdmin,
        _ => false,
    };

    /// <summary>Whether the enrolment grace period (counted from when the requirement began) has run out.</summary>
    public static bool GraceExpired(TenantSecurityPolicy policy, DateTimeOffset now) =>
        policy.MfaRequiredSince is not { } since || now >= since.AddDays(policy.EnrolmentGraceDays);
}
