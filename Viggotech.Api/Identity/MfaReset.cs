using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Roles;
using Viggotech.Core.Alerts;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// "Reset two-step verification", for a user who lost their phone or security key: every second
/// factor (authenticator, recovery codes, passkeys) is removed and the next sign-in enrols afresh.
/// Unlike "contain user" the password and the user's sessions stay.
/// </summary>
public static class MfaReset
{
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ResetAsync(
        Guid id, HttpContext context, PlatformDbContext db, IUserPermissions permissions, IAuditTrail audit, SecurityAlerts alerts)
    {
        // Row-level security: a user of another organisation is simply not found.
        if (await permissions.ForUserAsync(id, context.RequestAborted) is not { } target
            || await db.Users.SingleOrDefaultAsync(u => u.Id == id, context.RequestAborted) is not { } user)
        {
            return TypedResults.NotFound();
        }

        if (id.ToString() == context.User.FindFirst("sub")?.Value)
        {
            return TypedResults.Problem(title: "Not your own account",
                detail: "Reset another user's two-step verification. Manage your own under Sign-in methods.", statusCode: StatusCodes.Status409Conflict);
        }

        if (!context.Access().Permissions.IsSupersetOf(target.Permissions))
        {
            return TypedResults.Problem(title: "Not allowed",
                detail: "This user holds permissions you do not hold, so you cannot reset their two-step verification.", statusCode: StatusCodes.Status403Forbidden);
        }

        await db.InTransactionAsync(async ct =>
        {
            var tokens = await db.Set<UserToken>().Where(t => t.UserId == id).ExecuteDeleteAsync(ct);
            var passkeys = await db.Set<UserPasskey>().Where(p => p.UserId == id).ExecuteDeleteAsync(ct);
            user.TwoFactorEnabled = false;
            user.MfaEnrolmentRequired = true;
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.UserMfaReset, new AuditTarget("user", id.ToString()), details: new Dictionary<string, string>
            {
                ["passkeys_removed"] = passkeys.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tokens_removed"] = tokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
            await alerts.RaiseAsync(SecurityAlertKinds.MfaRemoved, user.Email ?? id.ToString(), new Dictionary<string, string>
            {
                ["user_id"] = id.ToString(), ["factor"] = "every second factor", ["by"] = "an administrator",
            }, cancellationToken: ct);
        }, context.RequestAborted);
        return TypedResults.NoContent();
    }
}
