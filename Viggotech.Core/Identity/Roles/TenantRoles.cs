using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Alerts;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;

namespace Viggotech.Core.Identity.Roles;

/// <summary>
/// The current tenant's roles and who holds them. Rules: a user holds at least one role; the
/// organisation always keeps an owner; nobody grants, takes away or edits a role that carries a
/// permission they do not hold themselves (so an administrator cannot make or unmake owners).
/// Every change is recorded in the audit trail in the same transaction.
/// </summary>
public sealed class TenantRoles(PlatformDbContext db, IUserPermissions permissions, IAuditTrail audit, TimeProvider clock, SecurityAlerts alerts, IAccessChanges changes)
{
    public async Task<IReadOnlyList<RoleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var holders = await db.RoleAssignments.AsNoTracking()
            .GroupBy(a => new { a.BuiltInRole, a.CustomRoleId })
            .Select(g => new { g.Key.BuiltInRole, g.Key.CustomRoleId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var custom = await db.CustomRoles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return
        [
            .. BuiltInRoles.All.Select(r => new RoleView(r.Key, r.Name, null, true, Ordered(r.Permissions),
                holders.Where(h => h.BuiltInRole == r.Key).Sum(h => h.Count))),
            .. custom.Select(r => new RoleView(r.Id.ToString(), r.Name, r.Description, false, Ordered(r.Permissions),
                holders.Where(h => h.CustomRoleId == r.Id).Sum(h => h.Count))),
        ];
    }

    public async Task<IReadOnlyList<UserWithRoles>> UsersAsync(CancellationToken cancellationToken = default)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.EmailConfirmed, u.TwoFactorEnabled }).ToListAsync(cancellationToken);
        var assignments = await db.RoleAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var names = (await db.CustomRoles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Name);
        return users.Select(u => new UserWithRoles(u.Id, u.Email ?? "", u.EmailConfirmed, u.TwoFactorEnabled,
            assignments.Where(a => a.UserId == u.Id).Select(a => Badge(a, names)).OfType<RoleBadge>().ToList())).ToList();
    }

    public async Task<UserWithRoles?> UserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await UsersAsync(cancellationToken)).FirstOrDefault(u => u.Id == userId);

    /// <summary>Which of the user's roles grant <paramref name="permission"/>; null when the user is not in this tenant.</summary>
    public async Task<PermissionExplanation?> ExplainAsync(Guid userId, string permission, CancellationToken cancellationToken = default)
    {
        if (await permissions.ForUserAsync(userId, cancellationToken) is not { } access)
        {
            return null;
        }

        var granting = access.Granting(permission).Select(r => new RoleBadge(r.Ref, r.Name, r.BuiltIn)).ToList();
        var description = Permissions.Catalogue.First(p => p.Name == permission).Description;
        return new PermissionExplanation(userId, permission, description, granting.Count > 0, granting);
    }

    /// <summary>Replaces the user's roles with <paramref name="roleRefs"/> (built-in keys or custom role ids).</summary>
    public async Task<RoleChange> SetUserRolesAsync(Guid userId, IReadOnlyList<string>? roleRefs, UserAccess caller, CancellationToken cancellationToken = default)
    {
        var wanted = (roleRefs ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > 20)
        {
            return RoleChange.Field("roles", "A user can hold at most 20 roles.");
        }

        return await Announced(await db.InTransactionAsync(async ct =>
        {
            // One role change per organisation at a time, so two admins cannot each remove "another" owner.
            await LockRolesAsync(ct);
            if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
            {
                return RoleChange.Missing;
            }

            var resolved = await ResolveAsync(wanted, ct);
            if (resolved.Unknown.Count > 0)
            {
                return RoleChange.Field("roles", $"Unknown role: {string.Join(", ", resolved.Unknown)}.");
            }

            var current = await db.RoleAssignments.Where(a => a.UserId == userId).ToListAsync(ct);
            var before = await permissions.ForUserAsync(userId, ct) ?? new UserAccess(userId, [], new HashSet<string>());
            var added = resolved.Roles.Where(r => current.All(a => a.RoleRef != r.Ref)).ToList();
            var removed = before.Held.Where(h => !wanted.Contains(h.Ref)).ToList();
            if (added.Concat(removed).FirstOrDefault(r => !caller.Permissions.IsSupersetOf(r.Permissions)) is { } beyond)
            {
                return new RoleChange.Refused("Not allowed",
                    $"The role '{beyond.Name}' carries permissions you do not hold, so you cannot grant or remove it.", Forbidden: true);
            }

            if (removed.Any(r => r.Ref == UserRoles.Owner)
                && !await db.RoleAssignments.AnyAsync(a => a.BuiltInRole == UserRoles.Owner && a.UserId != userId, ct))
            {
                return new RoleChange.Refused("Last owner",
                    "This is the organisation's only owner. Make someone else an owner first.", Forbidden: false);
            }

            if (wanted.Count == 0)
            {
                return RoleChange.Field("roles", "Choose at least one role.");
            }

            if (added.Count == 0 && removed.Count == 0)
            {
                return RoleChange.Ok;
            }

            db.RoleAssignments.RemoveRange(current.Where(a => removed.Any(r => r.Ref == a.RoleRef)));
            var now = clock.GetUtcNow();
            foreach (var role in added)
            {
                db.RoleAssignments.Add(new UserRoleAssignment
                {
                    Id = Guid.CreateVersion7(), UserId = userId, AssignedAt = now,
                    BuiltInRole = role.BuiltIn ? role.Ref : null, CustomRoleId = role.BuiltIn ? null : Guid.Parse(role.Ref),
                });
            }

            await db.SaveChangesAsync(ct);
            var grantedAdmin = !before.IsAdministrative && added.Any(r => r.Permissions.Overlaps(UserAccess.AdministrativePermissions));
            await audit.RecordAsync(AuditActions.UserRolesChange, new AuditTarget("user", userId.ToString()), details: new Dictionary<string, string>
            {
                ["before"] = string.Join(",", before.Held.Select(h => h.Ref)),
                ["after"] = string.Join(",", wanted),
                ["granted_admin"] = grantedAdmin.ToString().ToLowerInvariant(),
            }, cancellationToken: ct);
            if (grantedAdmin)
            {
                // Security administrators hear of every new administrator, in the same transaction as the grant.
                await alerts.RaiseAsync(SecurityAlertKinds.AdminRoleGranted, userId.ToString(), new Dictionary<string, string>
                {
                    ["user_id"] = userId.ToString(), ["roles"] = string.Join(",", added.Select(r => r.Ref)),
                }, cancellationToken: ct);
            }
            return RoleChange.Ok;
        }, cancellationToken), cancellationToken);
    }

    public async Task<(RoleChange Result, RoleView? Role)> CreateAsync(RoleInput input, UserAccess caller, CancellationToken cancellationToken = default)
    {
        var (errors, name, granted) = await ValidateAsync(input, null, caller, cancellationToken);
        if (errors.Count > 0)
        {
            return (new RoleChange.Invalid(errors), null);
        }

        var role = new CustomRole
        {
            Id = Guid.CreateVersion7(), Name = name, Description = Clean(input.Description), Permissions = granted,
            CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        };
        await db.InTransactionAsync(async ct =>
        {
            db.CustomRoles.Add(role);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.RoleCreate, new AuditTarget("role", role.Id.ToString()), details: Details(role), cancellationToken: ct);
        }, cancellationToken);
        return (RoleChange.Ok, new RoleView(role.Id.ToString(), role.Name, role.Description, false, Ordered(role.Permissions), 0));
    }

    public async Task<(RoleChange Result, RoleView? Role)> UpdateAsync(Guid id, RoleInput input, UserAccess caller, CancellationToken cancellationToken = default)
    {
        var role = await db.CustomRoles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return (RoleChange.Missing, null);
        }

        if (!caller.Permissions.IsSupersetOf(role.Permissions))
        {
            return (new RoleChange.Refused("Not allowed", $"The role '{role.Name}' carries permissions you do not hold, so you cannot change it.", Forbidden: true), null);
        }

        var (errors, name, granted) = await ValidateAsync(input, id, caller, cancellationToken);
        if (errors.Count > 0)
        {
            return (new RoleChange.Invalid(errors), null);
        }

        await db.InTransactionAsync(async ct =>
        {
            role.Name = name;
            role.Description = Clean(input.Description);
            role.Permissions = granted;
            role.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.RoleUpdate, new AuditTarget("role", role.Id.ToString()), details: Details(role), cancellationToken: ct);
        }, cancellationToken);
        await changes.ChangedAsync(db.TenantId!.Value, cancellationToken);
        var holders = await db.RoleAssignments.CountAsync(a => a.CustomRoleId == id, cancellationToken);
        return (RoleChange.Ok, new RoleView(role.Id.ToString(), role.Name, role.Description, false, Ordered(role.Permissions), holders));
    }

    /// <summary>Deletes a custom role; its holders lose it. Refused while it is the only role of someone.</summary>
    public async Task<RoleChange> DeleteAsync(Guid id, UserAccess caller, CancellationToken cancellationToken = default) =>
        await Announced(await db.InTransactionAsync(async ct =>
        {
            await LockRolesAsync(ct);
            var role = await db.CustomRoles.SingleOrDefaultAsync(r => r.Id == id, ct);
            if (role is null)
            {
                return RoleChange.Missing;
            }

            if (!caller.Permissions.IsSupersetOf(role.Permissions))
            {
                return new RoleChange.Refused("Not allowed", $"The role '{role.Name}' carries permissions you do not hold, so you cannot delete it.", Forbidden: true);
            }

            var holders = await db.RoleAssignments.Where(a => a.CustomRoleId == id).Select(a => a.UserId).ToListAsync(ct);
            if (holders.Count > 0 && await db.RoleAssignments.Where(a => holders.Contains(a.UserId)).GroupBy(a => a.UserId).AnyAsync(g => g.Count() == 1, ct))
            {
                return new RoleChange.Refused("Role in use",
                    "Some users hold only this role. Give them another role before deleting it.", Forbidden: false);
            }

            db.CustomRoles.Remove(role);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.RoleDelete, new AuditTarget("role", role.Id.ToString()), details: Details(role), cancellationToken: ct);
            return RoleChange.Ok;
        }, cancellationToken), cancellationToken);

    /// <summary>After the commit, so no request can cache the old roles under the new stamp.</summary>
    private async Task<RoleChange> Announced(RoleChange change, CancellationToken cancellationToken)
    {
        if (change is RoleChange.Done)
        {
            await changes.ChangedAsync(db.TenantId!.Value, cancellationToken);
        }

        return change;
    }

    private async Task<(Dictionary<string, string[]> Errors, string Name, List<string> Permissions)> ValidateAsync(
        RoleInput input, Guid? existing, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is < 1 or > 80)
        {
            errors["name"] = ["Give the role a name of 1 to 80 characters."];
        }
        else if (BuiltInRoles.All.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                 || await db.CustomRoles.AnyAsync(r => r.Name.ToLower() == name.ToLower() && r.Id != existing, cancellationToken))
        {
            errors["name"] = ["Another role already has this name."];
        }

        if (input.Description?.Trim().Length > 400)
        {
            errors["description"] = ["Keep the description under 400 characters."];
        }

        var requested = (input.Permissions ?? []).Select(p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var unknown = requested.Where(p => !Permissions.Exists(p)).ToList();
        if (requested.Count == 0)
        {
            errors["permissions"] = ["Choose at least one permission."];
        }
        else if (unknown.Count > 0)
        {
            errors["permissions"] = [$"Not in the permission catalogue: {string.Join(", ", unknown)}."];
        }
        else if (requested.Where(p => !caller.Has(p)).ToList() is { Count: > 0 } beyond)
        {
            errors["permissions"] = [$"You cannot grant permissions you do not hold: {string.Join(", ", beyond)}."];
        }

        return (errors, name, requested.Order(StringComparer.Ordinal).ToList());
    }

    private async Task<(List<HeldRole> Roles, List<string> Unknown)> ResolveAsync(IReadOnlyList<string> refs, CancellationToken cancellationToken)
    {
        var ids = refs.Select(r => Guid.TryParse(r, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        var custom = await db.CustomRoles.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var roles = new List<HeldRole>();
        var unknown = new List<string>();
        foreach (var reference in refs)
        {
            if (BuiltInRoles.Find(reference) is { } builtIn)
            {
                roles.Add(new HeldRole(builtIn.Key, builtIn.Name, true, builtIn.Permissions));
            }
            else if (Guid.TryParse(reference, out var id) && custom.FirstOrDefault(r => r.Id == id) is { } role)
            {
                roles.Add(new HeldRole(role.Id.ToString(), role.Name, false, role.Permissions.ToHashSet(StringComparer.Ordinal)));
            }
            else
            {
                unknown.Add(reference.Length > 60 ? reference[..60] : reference);
            }
        }

        return (roles, unknown);
    }

    private Task LockRolesAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('roles:' || current_setting('app.tenant_id', true)))", cancellationToken);

    private static RoleBadge? Badge(UserRoleAssignment assignment, IReadOnlyDictionary<Guid, string> customNames) =>
        assignment.BuiltInRole is { } key && BuiltInRoles.Find(key) is { } builtIn ? new RoleBadge(key, builtIn.Name, true)
        : assignment.CustomRoleId is { } id && customNames.TryGetValue(id, out var name) ? new RoleBadge(id.ToString(), name, false)
        : null;

    private static Dictionary<string, string> Details(CustomRole role) => new()
    {
        ["name"] = role.Name,
        ["permissions"] = string.Join(",", role.Permissions),
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static IReadOnlyList<string> Ordered(IEnumerable<string> permissions) => permissions.Order(StringComparer.Ordinal).ToList();
}
