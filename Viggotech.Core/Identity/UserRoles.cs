namespace Viggotech.Core.Identity;

/// <summary>Keys of the built-in roles (<see cref="BuiltInRoles"/>).</summary>
public static class UserRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string SecurityAdmin = "security-admin";
    public const string Auditor = "auditor";
    public const string Member = "member";
    public const string ReadOnly = "read-only";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, SecurityAdmin, Auditor, Member, ReadOnly];

    /// <summary>Roles that count as administrators for "MFA for admins" and "passkeys only for admins".</summary>
    public static bool IsAdministrative(string role) => role is Owner or Admin or SecurityAdmin;
}
