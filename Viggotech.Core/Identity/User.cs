using Microsoft.AspNetCore.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

/// <summary>
/// A person who signs in. A user belongs to exactly one tenant, and an email address identifies
/// one user across the whole platform, so the sign-in form needs no organisation field.
/// </summary>
public sealed class User : IdentityUser<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>One of <see cref="UserRoles"/>; replaced by the permission catalogue's roles later.</summary>
    public string Role { get; set; } = UserRoles.Member;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>Strength score (0-4) of the current password when it was set, so a stricter policy can count who falls short.</summary>
    public int? PasswordScore { get; set; }

    /// <summary>Length of the current password when it was set, for the same count; the password itself is never kept.</summary>
    public int? PasswordLength { get; set; }

    /// <summary>The last TOTP time step accepted: a code from that step or an earlier one is refused (RFC 6238 §5.2).</summary>
    public long? LastTotpStep { get; set; }

    public bool IsAdmin => UserRoles.IsAdministrative(Role);
}
