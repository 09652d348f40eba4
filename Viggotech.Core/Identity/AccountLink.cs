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

    /// <summary>How long an invitation's link works.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromHours(72);

    /// <summary>A new link for <paramref name="user"/> and the token (256 random bits, base64url) that only the email will carry.</summary>
    public static (AccountLink Link, string Token) Issue(User user, string purpose, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return (new AccountLink
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TenantId = user.TenantId,
            Purpose = purpose,
            TokenHash = HashToken(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        }, token);
    }

    /// <summary>The address of <paramref name="link"/>'s page, carrying its tenant (so the lookup runs under that tenant) and its token.</summary>
    public static string Url(string baseUrl, string path, AccountLink link, string token) => $"{baseUrl.TrimEnd('/')}{path}?tenant={link.TenantId}&token={token}";

    /// <summary>What the database keeps of a link's token: its SHA-256.</summary>
    public static byte[] HashToken(string token) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}

public static class AccountLinkPurposes
{
    public const string ConfirmEmail = "confirm-email";
    public const string Invitation = "invitation";
    public const string PasswordReset = "password-reset";
}
