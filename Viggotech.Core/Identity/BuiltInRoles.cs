namespace Viggotech.Core.Identity;

/// <summary>The roles every organisation has. Their permission sets are fixed; custom roles are built from the catalogue.</summary>
public static class BuiltInRoles
{
    public static readonly IReadOnlyList<RoleDefinition> All =
    [
        new(UserRoles.Owner, "Owner", Permissions.All),
        new(UserRoles.Admin, "Administrator", Permissions.All.Where(p => p != Permissions.TenantDelete).ToHashSet(StringComparer.Ordinal)),
        new(UserRoles.SecurityAdmin, "Security administrator", Set(
            Permissions.UsersRead, Permissions.UsersManage, Permissions.PoliciesRead, Permissions.PoliciesManage,
            Permissions.SessionsManage, Permissions.AuditRead, Permissions.AuditExport, Permissions.KeysManage)),
        new(UserRoles.Auditor, "Auditor", Set(Permissions.UsersRead, Permissions.PoliciesRead, Permissions.AuditRead, Permissions.AuditExport)),
        new(UserRoles.Member, "Member", Set(Permissions.PeopleRead, Permissions.PeopleWrite, Permissions.DocumentsRead, Permissions.DocumentsWrite)),
        new(UserRoles.ReadOnly, "Read-only", Set(Permissions.PeopleRead, Permissions.DocumentsRead)),
    ];

    public static RoleDefinition? Find(string key) => All.FirstOrDefault(r => r.Key == key);

    private static HashSet<string> Set(params string[] permissions) => permissions.ToHashSet(StringComparer.Ordinal);
}

/// <summary>A role: a stable key, the name people see, and the permissions it grants.</summary>
public sealed record RoleDefinition(string Key, string Name, IReadOnlySet<string> Permissions);
