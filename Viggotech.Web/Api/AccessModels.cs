namespace Viggotech.Web.Api;

// Roles, users and sessions as the Api answers them.

public sealed record RoleView(string Ref, string Name, string? Description, bool BuiltIn, IReadOnlyList<string> Permissions, int Holders);

public sealed record PermissionInfo(string Name, string Description);

public sealed record RoleBadge(string Ref, string Name, bool BuiltIn);

public sealed record UserWithRoles(Guid Id, string Email, bool EmailConfirmed, bool TwoFactorEnabled, IReadOnlyList<RoleBadge> Roles);

public sealed record PermissionExplanation(Guid UserId, string Permission, string Description, bool Granted, IReadOnlyList<RoleBadge> GrantedBy);

public sealed record SessionView(
    string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset? ExpiresAt,
    string? IpAddress, string Device, string Browser, string MfaMethod, bool Current);

public sealed record SessionsEnded(int Ended);

public sealed record SessionPolicyView(int IdleMinutes, int AbsoluteHours, int? MaxSessionsPerUser, string LimitBehaviour);
