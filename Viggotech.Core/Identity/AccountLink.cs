using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

/// <summary>
/// A single-use link sent by email (confirmation, invitation, password reset). Only a SHA-256 hash
/// of the token is kept, so a database reader cannot use a pending link.
/// </summary>
public sealed class AccountLink : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public Guid UserId { get; init; }

    public required string Purpose { get; init; }

    public required byte[] TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>What the database keeps of a link's token: its SHA-256.</summary>
    public static byte[] HashToken(string token) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}

public static class AccountLinkPurposes
{
    public const string ConfirmEmail = "confirm-email";
    public const string Invitation = "invitation";
    public const string PasswordReset = "password-reset";
}
