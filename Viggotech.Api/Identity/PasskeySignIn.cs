using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Identity;

/// <summary>
/// Passkey sign-in on the Api's pages. The challenge state rides in a short-lived protected
/// cookie; the credential id finds the account's tenant through the sign-in directory before
/// Identity verifies the assertion under that tenant's row-level security.
/// </summary>
public sealed class PasskeySignIn(IPasskeyHandler<User> passkeys, PlatformDbContext db, TenantContext tenant, IDataProtectionProvider protection)
{
    private const string StateCookie = "vt.api.passkey";

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("passkey-assertion").ToTimeLimitedDataProtector();

    public async Task<string> OptionsAsync(HttpContext context, User? user)
    {
        var options = await passkeys.MakeRequestOptionsAsync(user, context);
        context.Response.Cookies.Append(StateCookie, Protector.Protect(options.AssertionState ?? "", TimeSpan.FromMinutes(5)), new CookieOptions
        {
            HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromMinutes(5),
        });
        return options.RequestOptionsJson;
    }

    /// <summary>The verified user, or null. With <paramref name="expected"/>, the passkey must be that user's.</summary>
    public async Task<User?> VerifyAsync(HttpContext context, string? credentialJson, User? expected = null)
    {
        if (string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 16_384 || !context.Request.Cookies.TryGetValue(StateCookie, out var protectedState))
        {
            return null;
        }

        context.Response.Cookies.Delete(StateCookie);
        string state;
        byte[] credentialId;
        try
        {
            state = Protector.Unprotect(protectedState);
            using var json = JsonDocument.Parse(credentialJson);
            credentialId = WebEncoders.Base64UrlDecode(json.RootElement.GetProperty("id").GetString() ?? "");
        }
        catch (Exception problem) when (problem is System.Security.Cryptography.CryptographicException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }

        if (expected is null)
        {
            if (await db.FindByPasskeyAsync(credentialId) is not { } location)
            {
                return null;
            }

            tenant.Enter(location.TenantId);
        }

        var result = await passkeys.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson,
            AssertionState = state,
            HttpContext = context,
        });
        if (!result.Succeeded || (expected is not null && result.User.Id != expected.Id))
        {
            return null;
        }

        // Stores the new signature counter, which lets the authenticator's clone detection work.
        var users = context.RequestServices.GetRequiredService<UserManager<User>>();
        await users.AddOrUpdatePasskeyAsync(result.User, result.Passkey);
        return result.User;
    }
}
