using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Organisation;

/// <summary>The tenant's security policy: MFA rule, passkeys for admins, password rules, lockout.</summary>
public static class SecurityPolicyApi
{
    public static RouteGroupBuilder MapSecurityPolicyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/security-policy");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.PoliciesRead);
        group.MapPut("/", SaveAsync).RequirePermission(Permissions.PoliciesManage);
        return group;
    }

    public static async Task<Ok<SecurityPolicyView>> GetAsync(PlatformDbContext db, TimeProvider clock) =>
        TypedResults.Ok(await ViewAsync(db, await LoadAsync(db), clock));

    public static async Task<Results<Ok<SecurityPolicyView>, ValidationProblem>> SaveAsync(SecurityPolicyInput input, PlatformDbContext db, TimeProvider clock, IAuditTrail audit)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = await db.InTransactionAsync(ct => ApplyAsync(input, db, clock, audit, ct));
        return TypedResults.Ok(await ViewAsync(db, policy, clock));
    }

    private static async Task<TenantSecurityPolicy> ApplyAsync(SecurityPolicyInput input, PlatformDbContext db, TimeProvider clock, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = await db.SecurityPolicies.SingleOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            policy = TenantSecurityPolicy.Default(db.TenantId!.Value);
            db.SecurityPolicies.Add(policy);
        }

        // The grace period runs from when MFA became required for more people than before.
        if (Rank(input.MfaRequirement) > Rank(policy.MfaRequirement))
        {
            policy.MfaRequiredSince = now;
        }
        else if (input.MfaRequirement == MfaRequirements.Optional)
        {
            policy.MfaRequiredSince = null;
        }

        policy.MfaRequirement = input.MfaRequirement;
        policy.PasskeyOnlyForAdmins = input.PasskeyOnlyForAdmins;
        policy.EnrolmentGraceDays = input.EnrolmentGraceDays;
        policy.PasswordMinLength = input.PasswordMinLength;
        policy.PasswordMinScore = input.PasswordMinScore;
        policy.PasswordHistoryCount = input.PasswordHistoryCount;
        policy.PasswordMaxAgeDays = input.PasswordMaxAgeDays;
        policy.LockoutThreshold = input.LockoutThreshold;
        policy.LockoutMinutes = input.LockoutMinutes;
        policy.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.SecurityPolicyChange, new AuditTarget("security_policy", policy.TenantId.ToString()),
            details: input.AuditDetails(), cancellationToken: cancellationToken);
        return policy;
    }

    private static async Task<TenantSecurityPolicy> LoadAsync(PlatformDbContext db) =>
        await db.SecurityPolicies.AsNoTracking().SingleOrDefaultAsync() ?? TenantSecurityPolicy.Default(db.TenantId!.Value);

    /// <summary>The policy with how many users fall short of it; they are brought into line at their next sign-in.</summary>
    private static async Task<SecurityPolicyView> ViewAsync(PlatformDbContext db, TenantSecurityPolicy policy, TimeProvider clock)
    {
        var users = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Role,
                u.TwoFactorEnabled,
                u.PasswordLength,
                u.PasswordScore,
                u.PasswordChangedAt,
                HasPasskey = db.Set<UserPasskey>().Any(p => p.UserId == u.Id),
            })
            .ToListAsync();
        var now = clock.GetUtcNow();
        var nonCompliant = users.Count(u =>
            (RequiresMfa(policy, u.Role) && !u.TwoFactorEnabled && !u.HasPasskey)
            || (u.PasswordLength is { } length && length < policy.PasswordMinLength)
            || (u.PasswordScore is { } score && score < policy.PasswordMinScore)
            || (policy.PasswordMaxAgeDays is { } days && u.PasswordChangedAt is { } changed && now > changed.AddDays(days)));
        return new SecurityPolicyView(
            policy.MfaRequirement, policy.PasskeyOnlyForAdmins, policy.EnrolmentGraceDays, policy.MfaRequiredSince,
            policy.PasswordMinLength, policy.PasswordMinScore, policy.PasswordHistoryCount, policy.PasswordMaxAgeDays,
            policy.LockoutThreshold, policy.LockoutMinutes, users.Count, nonCompliant);
    }

    private static bool RequiresMfa(TenantSecurityPolicy policy, string role) =>
        policy.MfaRequirement == MfaRequirements.Everyone || (policy.MfaRequirement == MfaRequirements.Admins && UserRoles.IsAdministrative(role));

    private static int Rank(string requirement) => requirement switch
    {
        MfaRequirements.Everyone => 2,
        MfaRequirements.Admins => 1,
        _ => 0,
    };
}

public sealed record SecurityPolicyInput(
    string MfaRequirement, bool PasskeyOnlyForAdmins, int EnrolmentGraceDays, int PasswordMinLength, int PasswordMinScore,
    int PasswordHistoryCount, int? PasswordMaxAgeDays, int LockoutThreshold, int LockoutMinutes)
{
    /// <summary>The policy as it was saved, for the audit event.</summary>
    public Dictionary<string, string> AuditDetails() => new()
    {
        ["mfaRequirement"] = MfaRequirement,
        ["passkeyOnlyForAdmins"] = PasskeyOnlyForAdmins ? "true" : "false",
        ["enrolmentGraceDays"] = Invariant(EnrolmentGraceDays),
        ["passwordMinLength"] = Invariant(PasswordMinLength),
        ["passwordMinScore"] = Invariant(PasswordMinScore),
        ["passwordHistoryCount"] = Invariant(PasswordHistoryCount),
        ["passwordMaxAgeDays"] = PasswordMaxAgeDays is { } days ? Invariant(days) : "none",
        ["lockoutThreshold"] = Invariant(LockoutThreshold),
        ["lockoutMinutes"] = Invariant(LockoutMinutes),
    };

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [message];
            }
        }

        Check(MfaRequirements.All.Contains(MfaRequirement), "mfaRequirement", "Choose optional, admins or everyone.");
        Check(EnrolmentGraceDays is >= 0 and <= 90, "enrolmentGraceDays", "The grace period is 0 to 90 days.");
        Check(PasswordMinLength is >= 8 and <= 128, "passwordMinLength", "The minimum length is 8 to 128 characters.");
        Check(PasswordMinScore is >= 0 and <= 4, "passwordMinScore", "The minimum strength is 0 to 4.");
        Check(PasswordHistoryCount is >= 0 and <= 24, "passwordHistoryCount", "Remember 0 to 24 previous passwords.");
        Check(PasswordMaxAgeDays is null or (>= 1 and <= 730), "passwordMaxAgeDays", "The maximum age is 1 to 730 days, or none.");
        // Outside these bounds lockout either stops protecting or becomes a way to lock people out.
        Check(LockoutThreshold is >= 3 and <= 20, "lockoutThreshold", "Lock after 3 to 20 failed attempts.");
        Check(LockoutMinutes is >= 1 and <= 1440, "lockoutMinutes", "Lock for 1 to 1440 minutes.");
        return errors;
    }
}

public sealed record SecurityPolicyView(
    string MfaRequirement, bool PasskeyOnlyForAdmins, int EnrolmentGraceDays, DateTimeOffset? MfaRequiredSince,
    int PasswordMinLength, int PasswordMinScore, int PasswordHistoryCount, int? PasswordMaxAgeDays,
    int LockoutThreshold, int LockoutMinutes, int Users, int NonCompliantUsers);
