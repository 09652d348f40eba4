using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
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

    /// <summary>Options for creating a passkey on the Api's pages (enrolment during sign-in).</summary>
    public async Task<string> CreationOptionsAsync(HttpContext context, User user)
    {
        var options = await passkeys.MakeCreationOptionsAsync(new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.Email!, DisplayName = user.Email! }, context);
        context.Response.Cookies.Append(StateCookie, Protector.Protect(options.AttestationState ?? "", TimeSpan.FromMinutes(5)), new CookieOptions
        {
            HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromMinutes(5),
        });
        return options.CreationOptionsJson;
    }

    /// <summary>Verifies a new passkey for <paramref name="user"/> and stores it. False when the browser's answer does not check out.</summary>
    public async Task<bool> RegisterAsync(HttpContext context, User user, string? credentialJson)
    {
        if (string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 65_536 || !context.Request.Cookies.TryGetValue(StateCookie, out var protectedState))
        {
            return false;
        }

        context.Response.Cookies.Delete(StateCookie);
        string state;
        try
        {
            state = Protector.Unprotect(protectedState);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }

        var result = await passkeys.PerformAttestationAsync(new PasskeyAttestationContext { CredentialJson = credentialJson, AttestationState = state, HttpContext = context });
        if (!result.Succeeded || result.UserEntity.Id != user.Id.ToString())
        {
            return false;
        }

        result.Passkey.Name = "Passkey added at sign-in";
        var users = context.RequestServices.GetRequiredService<UserManager<User>>();
        var audit = context.RequestServices.GetRequiredService<AccountAudit>();
        var added = await audit.ChangeAsync(user, AuditActions.PasskeyAdd, _ => users.AddOrUpdatePasskeyAsync(user, result.Passkey),
            r => r.Succeeded ? AuditResult.Success : AuditResult.Failure, new Dictionary<string, string> { ["name"] = result.Passkey.Name });
        return added.Succeeded;
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
