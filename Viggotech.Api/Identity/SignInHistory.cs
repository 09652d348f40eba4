using Viggotech.Api.Activity;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>Writes the sign-in history: every attempt with its outcome, reason, factors, address and browser.</summary>
public sealed class SignInHistory(PlatformDbContext db, IHttpContextAccessor http, TimeProvider clock, SignInMonitor monitor)
{
    public async Task RecordAsync(User user, string outcome, string? reason, string? method, CancellationToken cancellationToken = default)
    {
        var (ip, agent) = Client();
        var newDevice = outcome == SignInOutcomes.Succeeded && await monitor.IsNewDeviceOrAddressAsync(user, ip, agent, cancellationToken);
        db.SignInEvents.Add(new SignInEvent
        {
            Id = Guid.CreateVersion7(),
            TenantId = user.TenantId,
            UserId = user.Id,
            OccurredAt = clock.GetUtcNow(),
            Outcome = outcome,
            Reason = reason,
            Method = method,
            IpAddress = ip,
            UserAgent = agent,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (newDevice)
        {
            await monitor.NewDeviceOrAddressAsync(user, ip, agent, method, cancellationToken);
        }
        else if (outcome != SignInOutcomes.Succeeded)
        {
            await monitor.FailedAsync(user, outcome, reason, ip, cancellationToken);
        }
    }

    public async Task RecordUnknownAccountAsync(CancellationToken cancellationToken = default)
    {
        var (ip, agent) = Client();
        db.UnknownAccountSignIns.Add(new UnknownAccountSignIn { Id = Guid.CreateVersion7(), OccurredAt = clock.GetUtcNow(), IpAddress = ip, UserAgent = agent });
        await db.SaveChangesAsync(cancellationToken);
    }

    private (string? Ip, string? Agent) Client()
    {
        var context = http.HttpContext;
        var agent = context?.Request.Headers.UserAgent.ToString();
        return (context?.Connection.RemoteIpAddress?.ToString(), agent is { Length: > 512 } ? agent[..512] : agent);
    }
}
