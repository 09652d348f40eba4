using Microsoft.AspNetCore.Identity;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Sets a user's password through Identity (so the policy validator runs), keeps the history and
/// records the change (or the refused attempt) in the audit trail in the same transaction.
/// </summary>
public sealed class PasswordChanges(UserManager<User> users, PlatformDbContext db, TimeProvider clock, AccountAudit audit)
{
    /// <param name="action">What set it: <see cref="AuditActions.PasswordChange"/>, <see cref="AuditActions.PasswordReset"/> or <see cref="AuditActions.InvitationAccept"/>.</param>
    public Task<IdentityResult> SetAsync(User user, string newPassword, string action = AuditActions.PasswordChange) =>
        audit.ChangeAsync(user, action, _ => ChangeAsync(user, newPassword), r => r.Succeeded ? AuditResult.Success : AuditResult.Failure);

    private async Task<IdentityResult> ChangeAsync(User user, string newPassword)
    {
        var previousHash = user.PasswordHash;
        var result = previousHash is null
            ? await users.AddPasswordAsync(user, newPassword)
            : await ReplaceAsync(user, newPassword);
        if (!result.Succeeded)
        {
            return result;
        }

        if (previousHash is not null)
        {
            db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = previousHash });
        }

        user.PasswordChangedAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        return result;
    }

    private async Task<IdentityResult> ReplaceAsync(User user, string newPassword)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, newPassword);
            if (!check.Succeeded)
            {
                return check;
            }
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword);
        await users.UpdateSecurityStampAsync(user);
        return IdentityResult.Success;
    }
}
