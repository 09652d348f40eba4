using Viggotech.Core.Crypto.Fields;

namespace Viggotech.Core.Identity;

/// <summary>
/// Where and how a user's TOTP authenticator secret is stored: an Identity user token
/// (<c>user_tokens</c>, provider <see cref="Provider"/>, name <see cref="Name"/>) whose value is
/// <see cref="Prefix"/> followed by the base64 of a field envelope bound to the tenant, the
/// <see cref="Column"/> and the user id.
/// </summary>
public static class AuthenticatorKeys
{
    public const string Prefix = "vgt1:";
    public const string Provider = "[AspNetUserStore]";
    public const string Name = "AuthenticatorKey";

    public static EncryptedColumn Column { get; } = new("user_tokens", "authenticator_key", FieldClassification.Sensitive);
}
