namespace Viggotech.Core.Identity;

/// <summary>
/// The fixed catalogue of permissions. Every Api endpoint that is not public names one of these;
/// roles are sets of them. The names are stable: they are stored in custom roles and shown to admins.
/// </summary>
public static class Permissions
{
    public const string PeopleRead = "people.read";
    public const string PeopleWrite = "people.write";
    public const string DocumentsRead = "documents.read";
    public const string DocumentsWrite = "documents.write";
    public const string UsersRead = "users.read";
    public const string UsersManage = "users.manage";
    public const string RolesManage = "roles.manage";
    public const string PoliciesRead = "policies.read";
    public const string PoliciesManage = "policies.manage";
    public const string SessionsManage = "sessions.manage";
    public const string AuditRead = "audit.read";
    public const string AuditExport = "audit.export";
    public const string DataExport = "data.export";
    public const string IntegrationsManage = "integrations.manage";
    public const string KeysManage = "keys.manage";
    public const string TenantDelete = "tenant.delete";

    public static readonly IReadOnlyList<PermissionInfo> Catalogue =
    [
        new(PeopleRead, "Read the people directory"),
        new(PeopleWrite, "Add, change and delete people"),
        new(DocumentsRead, "List and download documents"),
        new(DocumentsWrite, "Upload and delete documents"),
        new(UsersRead, "See the organisation's users and their roles"),
        new(UsersManage, "Invite, change and remove users"),
        new(RolesManage, "Create and change roles and assign them"),
        new(PoliciesRead, "See security, session and IP policies"),
        new(PoliciesManage, "Change security, session and IP policies"),
        new(SessionsManage, "See and end other users' sessions, contain a user"),
        new(AuditRead, "Read the audit trail and sign-in history"),
        new(AuditExport, "Export the audit trail and manage audit streaming"),
        new(DataExport, "Export the organisation's data and fetch backups"),
        new(IntegrationsManage, "Approve and revoke third-party apps"),
        new(KeysManage, "See and rotate encryption keys"),
        new(TenantDelete, "Delete the organisation"),
    ];

    public static readonly IReadOnlySet<string> All = Catalogue.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    public static bool Exists(string name) => All.Contains(name);
}

public sealed record PermissionInfo(string Name, string Description);
