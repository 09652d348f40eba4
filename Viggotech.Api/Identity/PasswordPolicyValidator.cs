using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Identity's password check, driven by the tenant's policy: length, strength and reuse of the
/// last N passwords. Runs wherever Identity sets a password (create, add, reset, change).
/// </summary>
public sealed class PasswordPolicyValidator(SecurityPolicies policies, PlatformDbContext db) : IPasswordValidator<User>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        password ??= "";
        var policy = await policies.CurrentAsync();
        var organisation = await db.Tenants.Select(t => t.Name).SingleOrDefaultAsync();
        var verdict = PasswordStrength.Evaluate(password, policy, user.Email, organisation);
        if (!verdict.Accepted)
        {
            return IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = verdict.Problem! });
        }

        if (policy.PasswordHistoryCount > 0 && user.PasswordHash is not null)
        {
            var previous = await db.PasswordHistory.AsNoTracking()
                .Where(entry => entry.UserId == user.Id)
                .OrderByDescending(entry => entry.CreatedAt)
                .Take(policy.PasswordHistoryCount - 1)
                .Select(entry => entry.PasswordHash)
                .ToListAsync();
            foreach (var hash in previous.Prepend(user.PasswordHash))
            {
                if (manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed)
                {
                    return IdentityResult.Failed(new IdentityError
                    {
                        Code = "PasswordReused",
                        Description = $"Choose a password you have not used for your last {policy.PasswordHistoryCount} passwords.",
                    });
                }
            }
        }

        user.PasswordScore = verdict.Score;
        user.PasswordLength = password.Length;
        return IdentityResult.Success;
    }
}
