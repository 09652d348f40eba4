using Microsoft.EntityFrameworkCore;
using OtpNet;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// TOTP (RFC 6238, 30-second steps, six digits, one step of clock drift either way). A code is
/// accepted at most once: the matched step is recorded on the user with a conditional update, so
/// replaying a code, even concurrently, is refused.
/// </summary>
public sealed class Totp(PlatformDbContext db, TimeProvider clock)
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The time step the code matches, or null.</summary>
    public long? Match(string secret, string? code)
    {
        code = code?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>Marks the step used. False when this step (or a later one) was already used: a replay.</summary>
    public async Task<bool> ClaimStepAsync(User user, long step, CancellationToken cancellationToken = default)
    {
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastTotpStep, step), cancellationToken);
        if (claimed == 1)
        {
            user.LastTotpStep = step;
        }

        return claimed == 1;
    }

    public static string Uri(string secret, string email, string issuer) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(email)}?secret={secret}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period=30";
}
