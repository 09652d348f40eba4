using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Mail;
using Viggotech.Core.Alerts;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.AccountActivity;

/// <summary>
/// Watches sign-ins as they are recorded: emails the user about a sign-in from a new device or
/// address, and alerts security administrators about repeated failures and lockouts.
/// </summary>
public sealed class SignInMonitor(PlatformDbContext db, SecurityAlerts alerts, MailOutbox outbox, TimeProvider clock, IConfiguration configuration)
{
    public const int AccountFailureThreshold = 3;
    public const int AddressFailureThreshold = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Before a successful sign-in is stored: true when the user signed in before, but never from this address or this kind of device.</summary>
    public async Task<bool> IsNewDeviceOrAddressAsync(User user, string? ip, string? userAgent, CancellationToken cancellationToken = default)
    {
        var previous = await db.SignInEvents.AsNoTracking()
            .Where(e => e.UserId == user.Id && e.Outcome == SignInOutcomes.Succeeded)
            .OrderByDescending(e => e.OccurredAt).Take(500)
            .Select(e => new { e.IpAddress, e.UserAgent }).ToListAsync(cancellationToken);
        if (previous.Count == 0)
        {
            return false;
        }

        var device = DeviceDescription.From(userAgent);
        return previous.All(p => p.IpAddress != ip) || previous.All(p => DeviceDescription.From(p.UserAgent) != device);
    }

    public async Task NewDeviceOrAddressAsync(User user, string? ip, string? userAgent, string? method, CancellationToken cancellationToken = default) =>
        await outbox.EnqueueAsync(AccountMail.NewSignIn(user.Email!, clock.GetUtcNow(), ip ?? "unknown", DeviceDescription.From(userAgent), method ?? "password",
            (configuration["Portal:Url"]?.TrimEnd('/') ?? "") + "/account/sign-in-history"), cancellationToken);

    /// <summary>After a failed or locked-out attempt is stored.</summary>
    public async Task FailedAsync(User user, string outcome, string? reason, string? ip, CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow() - Window;
        if (outcome == SignInOutcomes.LockedOut && reason != SignInFailureReasons.LockedOut)
        {
            await alerts.RaiseAsync(SecurityAlertKinds.AccountLocked, user.Email ?? user.Id.ToString(),
                new Dictionary<string, string> { ["address"] = ip ?? "unknown", ["locked_until"] = user.LockoutEnd?.ToString("O") ?? "" },
                cancellationToken: cancellationToken);
        }

        var forAccount = await db.SignInEvents.CountAsync(e => e.UserId == user.Id && e.Outcome != SignInOutcomes.Succeeded && e.OccurredAt > since, cancellationToken);
        if (forAccount >= AccountFailureThreshold)
        {
            await alerts.RaiseAsync(SecurityAlertKinds.RepeatedFailuresForAccount, user.Email ?? user.Id.ToString(),
                new Dictionary<string, string> { ["failures"] = forAccount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["minutes"] = Window.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture), ["last_address"] = ip ?? "unknown" },
                Window, cancellationToken);
        }

        if (ip is not null)
        {
            var fromAddress = await db.SignInEvents.CountAsync(e => e.IpAddress == ip && e.Outcome != SignInOutcomes.Succeeded && e.OccurredAt > since, cancellationToken);
            if (fromAddress >= AddressFailureThreshold)
            {
                var accounts = await db.SignInEvents.Where(e => e.IpAddress == ip && e.Outcome != SignInOutcomes.Succeeded && e.OccurredAt > since)
                    .Select(e => e.UserId).Distinct().CountAsync(cancellationToken);
                await alerts.RaiseAsync(SecurityAlertKinds.RepeatedFailuresFromAddress, ip,
                    new Dictionary<string, string>
                    {
                        ["failures"] = fromAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["accounts"] = accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["minutes"] = Window.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                    Window, cancellationToken);
            }
        }
    }
}
