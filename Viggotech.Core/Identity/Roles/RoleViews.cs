namespace Viggotech.Core.Identity.Roles;

/// <summary>A role as admins see it: built-in (key) or custom (id), with what it grants and how many hold it.</summary>
public sealed record RoleView(string Ref, string Name, string? Description, bool BuiltIn, IReadOnlyList<string> Permissions, int Holders);

public sealed record RoleInput(string? Name, string? Description, IReadOnlyList<string>? Permissions);

public sealed record UserWithRoles(Guid Id, string Email, bool EmailConfirmed, bool TwoFactorEnabled, IReadOnlyList<RoleBadge> Roles);

public sealed record RoleBadge(string Ref, string Name, bool BuiltIn);

/// <summary>The answer to "why can this user do this?": the roles that grant the permission, if any.</summary>
public sealed record PermissionExplanation(Guid UserId, string Permission, string Description, bool Granted, IReadOnlyList<RoleBadge> GrantedBy);
