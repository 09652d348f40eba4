using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Identity;

/// <summary>
/// Finds which tenant an account lives in before any tenant is known (at sign-in). The users
/// table stays behind row-level security; these SECURITY DEFINER functions read a private
/// directory (schema <c>identity_directory</c>, kept by triggers on <c>users</c> and
/// <c>user_passkeys</c>) and return ids only: no other column of any user is reachable this way.
/// </summary>
public static class SignInDirectory
{
    public static async Task<AccountLocation?> FindByEmailAsync(this PlatformDbContext db, string normalizedEmail, CancellationToken cancellationToken = default)
    {
        var rows = await db.Database
            .SqlQuery<AccountLocation>($"select user_id, tenant_id from find_user_for_sign_in({normalizedEmail})")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    public static async Task<AccountLocation?> FindByPasskeyAsync(this PlatformDbContext db, byte[] credentialId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Database
            .SqlQuery<AccountLocation>($"select user_id, tenant_id from find_passkey_owner({credentialId})")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }
}

public sealed record AccountLocation(Guid UserId, Guid TenantId);
