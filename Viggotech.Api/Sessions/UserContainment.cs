using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Viggotech.Core.Alerts;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Sessions;

/// <summary>
/// "Contain user", for a suspected compromise: every session and refresh token ends, the password
/// stops working (only a reset through the user's email sets a new one), and every second factor
/// (authenticator, recovery codes, passkeys) is removed so the next sign-in enrols afresh.
/// </summary>
public sealed class UserContainment(PlatformDbContext db, UserManager<User> users, ISessionStore sessions, IOpenIddictTokenManager tokens, IAuditTrail audit, SecurityAlerts alerts)
{
    /// <summary>How many sessions ended, or null when the user is not in this tenant.</summary>
    public async Task<int?> ContainAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        if (await users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return null;
        }

        var ended = await sessions.RemoveAllForUserAsync(user.TenantId, user.Id, cancellationToken);
        var revoked = await tokens.RevokeBySubjectAsync(user.Id.ToString(), cancellationToken);
        await db.InTransactionAsync(async ct =>
        {
            user.PasswordHash = null;
            user.TwoFactorEnabled = false;
            user.MfaEnrolmentRequired = true;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync(ct);
            await db.Set<UserToken>().Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
            await db.Set<UserPasskey>().Where(p => p.UserId == user.Id).ExecuteDeleteAsync(ct);
            await audit.RecordAsync(AuditActions.UserContain, new AuditTarget("user", user.Id.ToString()), details: new Dictionary<string, string>
            {
                ["sessions_ended"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tokens_revoked"] = revoked.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
            await alerts.RaiseAsync(SecurityAlertKinds.UserContained, user.Email ?? user.Id.ToString(), new Dictionary<string, string>
            {
                ["user_id"] = user.Id.ToString(),
                ["sessions_ended"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
        }, cancellationToken);
        // A session started between the first sweep and the password change is ended too.
        ended += await sessions.RemoveAllForUserAsync(user.TenantId, user.Id, cancellationToken);
        return ended;
    }
}
