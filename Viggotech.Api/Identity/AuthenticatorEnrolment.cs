using Microsoft.AspNetCore.Identity;
using QRCoder;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>Turns on TOTP for a user once they prove their app shows the right code for the new secret.</summary>
public sealed class AuthenticatorEnrolment(UserManager<User> users, IUserStore<User> store, Totp totp, RecoveryCodes recoveryCodes, AccountAudit audit)
{
    public const string Issuer = "Viggotech";

    public static AuthenticatorSetup Setup(string secret, string email)
    {
        var uri = Totp.Uri(secret, email, Issuer);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(FormatKey(secret), uri, "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg)));
    }

    /// <summary>Null when the code does not match the secret; otherwise the new recovery codes (when the user had none left).</summary>
    public Task<IReadOnlyList<string>?> EnableAsync(User user, string secret, string? code, CancellationToken cancellationToken = default) =>
        audit.ChangeAsync(user, AuditActions.MfaEnrol, ct => ApplyAsync(user, secret, code, ct), codes => codes is null ? AuditResult.Failure : AuditResult.Success,
            new Dictionary<string, string> { ["method"] = "totp" }, cancellationToken);

    private async Task<IReadOnlyList<string>?> ApplyAsync(User user, string secret, string? code, CancellationToken cancellationToken)
    {
        if (totp.Match(secret, code) is not { } step)
        {
            return null;
        }

        await ((IUserAuthenticatorKeyStore<User>)store).SetAuthenticatorKeyAsync(user, secret, cancellationToken);
        user.TwoFactorEnabled = true;
        user.LastTotpStep = step;
        await users.UpdateSecurityStampAsync(user);
        return await recoveryCodes.RemainingAsync(user) == 0 ? await recoveryCodes.ReplaceAsync(user, cancellationToken) : [];
    }

    public async Task<string?> SecretAsync(User user) => await users.GetAuthenticatorKeyAsync(user);

    private static string FormatKey(string secret) =>
        string.Join(' ', Enumerable.Range(0, (secret.Length + 3) / 4).Select(i => secret.Substring(i * 4, Math.Min(4, secret.Length - (i * 4))))).ToLowerInvariant();
}

public sealed record AuthenticatorSetup(string SetupKey, string Uri, string QrCodeDataUri);
