using Microsoft.AspNetCore.Identity;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>Sets a user's password through Identity (so the policy validator runs) and keeps the history.</summary>
public sealed class PasswordChanges(UserManager<User> users, PlatformDbContext db, TimeProvider clock)
{
    public async Task<IdentityResult> SetAsync(User user, string newPassword)
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
