using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Ten single-use recovery codes. Only their SHA-256 hashes are stored (each code carries 50
/// random bits, so a fast hash is enough); Identity's recovery-code store keeps the hashes and
/// removes one when it is redeemed.
/// </summary>
public sealed class RecoveryCodes(UserManager<User> users, IUserStore<User> store, AccountAudit audit)
{
    public const int Count = 10;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>New codes replacing the old ones, recorded as a renewal.</summary>
    public Task<IReadOnlyList<string>> RenewAsync(User user, CancellationToken cancellationToken = default) =>
        audit.ChangeAsync(user, AuditActions.RecoveryCodesRenew, ct => ReplaceAsync(user, ct), _ => AuditResult.Success, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<string>> ReplaceAsync(User user, CancellationToken cancellationToken = default)
    {
        var codes = Enumerable.Range(0, Count).Select(_ => NewCode()).ToList();
        await ((IUserTwoFactorRecoveryCodeStore<User>)store).ReplaceCodesAsync(user, codes.Select(Hash), cancellationToken);
        await users.UpdateAsync(user);
        return codes;
    }

    /// <summary>Uses up one code; the attempt is recorded whether or not the code was good.</summary>
    public Task<bool> RedeemAsync(User user, string? code, CancellationToken cancellationToken = default) =>
        audit.ChangeAsync(user, AuditActions.RecoveryCodeUse, async _ =>
        {
            var normalized = Normalize(code);
            return normalized.Length == 10 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, Hash(normalized))).Succeeded;
        }, redeemed => redeemed ? AuditResult.Success : AuditResult.Failure, cancellationToken: cancellationToken);

    public Task<int> RemainingAsync(User user) => users.CountRecoveryCodesAsync(user);

    private static string NewCode()
    {
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
    }

    private static string Normalize(string? code) =>
        new((code ?? "").ToUpperInvariant().Where(c => Alphabet.Contains(c, StringComparison.Ordinal)).ToArray());

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code))));
}
