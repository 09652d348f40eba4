using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity.Roles;

namespace Viggotech.Core.Identity;

/// <summary>What a user may do right now: read fresh on every request, so a role change applies at the next one.</summary>
public sealed record UserAccess(Guid UserId, IReadOnlyList<HeldRole> Held, IReadOnlySet<string> Permissions)
{
    /// <summary>Permissions that make a user an administrator for "MFA for admins" and "passkeys only for admins".</summary>
    public static readonly IReadOnlySet<string> AdministrativePermissions = new HashSet<string>(StringComparer.Ordinal)
    {
        Identity.Permissions.UsersManage, Identity.Permissions.RolesManage, Identity.Permissions.PoliciesManage,
        Identity.Permissions.SessionsManage, Identity.Permissions.KeysManage, Identity.Permissions.TenantDelete,
    };

    public IReadOnlyList<string> Roles => Held.Select(r => r.Ref).ToList();

    public bool IsAdministrative => Permissions.Overlaps(AdministrativePermissions);

    public bool Has(string permission) => Permissions.Contains(permission);

    /// <summary>The roles that grant <paramref name="permission"/>: the answer to "why can this user do this?".</summary>
    public IReadOnlyList<HeldRole> Granting(string permission) => Held.Where(r => r.Permissions.Contains(permission)).ToList();
}

/// <summary>A role as a user holds it: <see cref="Ref"/> is a built-in key or a custom role's id.</summary>
public sealed record HeldRole(string Ref, string Name, bool BuiltIn, IReadOnlySet<string> Permissions);

public interface IUserPermissions
{
    /// <summary>The user's roles and permissions in the current tenant, or null when the user is not in it.</summary>
    Task<UserAccess?> ForUserAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Permissions as the union of every role the user holds, built-in and custom, read in one query
/// (row-level security keeps it inside the current tenant).
/// </summary>
public sealed class AssignedRolePermissions(PlatformDbContext db) : IUserPermissions
{
    public async Task<UserAccess?> ForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                Roles = db.Set<UserRoleAssignment>().Where(a => a.UserId == u.Id)
                    .Select(a => new
                    {
                        a.BuiltInRole,
                        a.CustomRoleId,
                        Custom = db.Set<CustomRole>().Where(r => r.Id == a.CustomRoleId).Select(r => new { r.Name, r.Permissions }).FirstOrDefault(),
                    })
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (rows is null)
        {
            return null;
        }

        var held = new List<HeldRole>();
        foreach (var row in rows.Roles)
        {
            if (row.BuiltInRole is { } key && BuiltInRoles.Find(key) is { } builtIn)
            {
                held.Add(new HeldRole(builtIn.Key, builtIn.Name, true, builtIn.Permissions));
            }
            else if (row.CustomRoleId is { } id && row.Custom is { } custom)
            {
                held.Add(new HeldRole(id.ToString(), custom.Name, false, custom.Permissions.Where(Identity.Permissions.Exists).ToHashSet(StringComparer.Ordinal)));
            }
        }

        held.Sort((a, b) => (a.BuiltIn, b.BuiltIn) switch
        {
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(a.Name, b.Name),
        });
        return new UserAccess(userId, held, held.SelectMany(r => r.Permissions).ToHashSet(StringComparer.Ordinal));
    }
}
