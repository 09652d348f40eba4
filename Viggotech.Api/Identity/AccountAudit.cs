using System.Diagnostics;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Records what happens to an account in its tenant's audit trail, in the transaction of the
/// change. The actor is the account itself: during sign-in the request carries no principal yet,
/// and on the account's own pages the principal is that account. Address, browser and session come
/// from the request.
/// </summary>
public sealed class AccountAudit(PlatformDbContext db, IAuditTrail audit, IAuditOriginAccessor origin, TimeProvider clock)
{
    /// <summary>Runs <paramref name="change"/> and records its event in one transaction; the event's result follows the change's.</summary>
    public Task<T> ChangeAsync<T>(
        User user, string action, Func<CancellationToken, Task<T>> change, Func<T, AuditResult> result,
        IReadOnlyDictionary<string, string>? details = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async ct =>
        {
            var outcome = await change(ct);
            await audit.RecordAsync(Event(user, action, result(outcome), details, session: null), ct);
            return outcome;
        }, cancellationToken);

    /// <summary>Records an event that changes nothing else (a refused attempt), joining the open transaction if there is one.</summary>
    public Task RecordAsync(
        User user, string action, AuditResult result, IReadOnlyDictionary<string, string>? details = null,
        string? session = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync(ct => audit.RecordAsync(Event(user, action, result, details, session), ct), cancellationToken);

    /// <summary>Joins the transaction already open on the context, or runs <paramref name="work"/> in a new one.</summary>
    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        db.Database.CurrentTransaction is null ? db.InTransactionAsync(work, cancellationToken) : work(cancellationToken);

    public Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);

    private AuditEvent Event(User user, string action, AuditResult result, IReadOnlyDictionary<string, string>? details, string? session)
    {
        var from = origin.Origin;
        var account = user.Id.ToString();
        return new AuditEvent(
            user.TenantId.ToString(), clock.GetUtcNow(), new AuditActor(AuditActorType.User, account), action,
            new AuditTarget("user", account), result, from.Ip, from.UserAgent, session ?? from.Session,
            Activity.Current?.TraceId.ToHexString(), details);
    }
}
