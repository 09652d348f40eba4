using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity.Roles;

/// <summary>
/// One role held by one user: either a built-in role (its key, see <see cref="UserRoles"/>) or a
/// custom role of the same tenant (its id), never both.
/// </summary>
public sealed class UserRoleAssignment : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public Guid UserId { get; init; }

    public string? BuiltInRole { get; init; }

    public Guid? CustomRoleId { get; init; }

    public DateTimeOffset AssignedAt { get; init; }

    /// <summary>The reference the Api and portal use: the built-in key, or the custom role's id.</summary>
    public string RoleRef => BuiltInRole ?? CustomRoleId!.Value.ToString();
}
