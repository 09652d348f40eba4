using Viggotech.Api.AccountActivity;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Writes the sign-in history: every attempt with its outcome, reason, factors, address and browser,
/// and the same attempt as an event in the tenant's audit trail, committed together.
/// </summary>
public sealed class SignInHistory(PlatformDbContext db, IHttpContextAccessor http, TimeProvider clock, AccountAudit audit, SignInMonitor monitor)
{
    public Task RecordAsync(User user, string outcome, string? reason, string? method, CancellationToken cancellationToken = default) =>
        RecordAsync(user, outcome, reason, method, session: null, cancellationToken);

    public async Task RecordAsync(User user, string outcome, string? reason, string? method, string? session, CancellationToken cancellationToken = default)
    {
        var (ip, agent) = Client();
        var newDevice = outcome == SignInOutcomes.Succeeded && await monitor.IsNewDeviceOrAddressAsync(user, ip, agent, cancellationToken);
        await StoreAsync(user, outcome, reason, method, session, cancellationToken);
        // After the commit: the user's email and the administrators' alerts describe what is recorded.
        if (newDevice)
        {
            await monitor.NewDeviceOrAddressAsync(user, ip, agent, method, cancellationToken);
        }
        else if (outcome != SignInOutcomes.Succeeded)
        {
            await monitor.FailedAsync(user, outcome, reason, ip, cancellationToken);
        }
    }

    private Task StoreAsync(User user, string outcome, string? reason, string? method, string? session, CancellationToken cancellationToken) =>
        audit.InTransactionAsync(async ct =>
        {
            Add(user, outcome, reason, method);
            await db.SaveChangesAsync(ct);
            var details = new Dictionary<string, string>();
            if (reason is not null)
            {
                details["reason"] = reason;
            }

            if (method is not null)
            {
                details["method"] = method;
            }

            var (action, result) = outcome switch
            {
                SignInOutcomes.Succeeded => (AuditActions.UserSignIn, AuditResult.Success),
                SignInOutcomes.LockedOut when reason == SignInFailureReasons.LockedOut => (AuditActions.UserLockout, AuditResult.Denied),
                SignInOutcomes.LockedOut => (AuditActions.UserLockout, AuditResult.Failure),
                _ => (AuditActions.UserSignIn, AuditResult.Failure),
            };
            await audit.RecordAsync(user, action, result, details, session, ct);
        }, cancellationToken);

    private void Add(User user, string outcome, string? reason, string? method)
    {
        var (ip, agent) = Client();
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
    }

    /// <summary>An attempt for an address with no account: it belongs to no tenant, so it stays out of every audit trail.</summary>
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
