using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// The Identity user store, with the TOTP authenticator secret kept under the tenant's data key
/// (AES-256-GCM, associated data binding it to the tenant, <c>user_tokens.authenticator_key</c>
/// and the user id) instead of in plain text: a secret copied to another user or tenant does not
/// decrypt, and a database dump holds no secret that mints codes. A stored value that is not an
/// envelope is not trusted as a secret: the user enrols again.
/// </summary>
public sealed class EncryptedUserStore(PlatformDbContext context, TenantKeyring keyring, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<User, PlatformDbContext, Guid, UserClaim, UserLogin, UserToken, UserPasskey>(context, describer)
{
    public const string Prefix = AuthenticatorKeys.Prefix;
    private const string Provider = AuthenticatorKeys.Provider;
    private const string Name = AuthenticatorKeys.Name;

    public static EncryptedColumn AuthenticatorKey => AuthenticatorKeys.Column;

    public override async Task SetAuthenticatorKeyAsync(User user, string key, CancellationToken cancellationToken)
    {
        // Sealed under the active version; after a data key rotation the re-encryption job moves
        // existing secrets onto the new version (AuthenticatorKeyTarget).
        using var lease = await keyring.AcquireAsync(await keyring.ActiveVersionAsync(cancellationToken), cancellationToken);
        var envelope = FieldCipher.Encrypt(lease, AuthenticatorKey, user.Id, key);
        await SetTokenAsync(user, Provider, Name, Prefix + Convert.ToBase64String(envelope), cancellationToken);
    }

    public override async Task<string?> GetAuthenticatorKeyAsync(User user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, Provider, Name, cancellationToken);
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        using var reader = keyring.CreateReader();
        return await reader.ReadAsync(AuthenticatorKey, user.Id, Convert.FromBase64String(stored[Prefix.Length..]), cancellationToken);
    }
}
