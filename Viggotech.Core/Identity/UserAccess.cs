using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Identity;

/// <summary>What a user may do right now: read fresh on every request, so a role change applies at the next one.</summary>
public sealed record UserAccess(Guid UserId, IReadOnlyList<string> Roles, IReadOnlySet<string> Permissions)
{
    public bool Has(string permission) => Permissions.Contains(permission);
}

public interface IUserPermissions
{
    /// <summary>The user's roles and permissions in the current tenant, or null when the user is not in it.</summary>
    Task<UserAccess?> ForUserAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>Permissions from the user's role (row-level security keeps the lookup inside the current tenant).</summary>
public sealed class RolePermissions(PlatformDbContext db) : IUserPermissions
{
    public async Task<UserAccess?> ForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var role = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Role).SingleOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            return null;
        }

        var definition = BuiltInRoles.Find(role);
        return new UserAccess(userId, [role], definition?.Permissions ?? new HashSet<string>());
    }
}
