using Microsoft.AspNetCore.Identity;

namespace Viggotech.Core.Identity;

/// <summary>An account's email address: what sign-up, invitations and operator restores accept, and the form accounts are found by.</summary>
public static class AccountEmail
{
    public const int MaxLength = 256;

    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    /// <summary>One plain address (no display name, no list), already trimmed, of at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string email) =>
        email.Length <= MaxLength && System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email;

    /// <summary>As ASP.NET Core Identity normalises it (the accounts' <c>normalized_email</c>), so a lookup finds the account.</summary>
    public static string Normalize(string email) => Normalizer.NormalizeEmail(email.Trim())!;
}
