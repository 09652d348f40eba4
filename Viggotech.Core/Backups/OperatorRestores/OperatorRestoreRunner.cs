using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>
/// Runs operators' queued restore requests, oldest first, one at a time, on the Worker (inside a
/// lease-coordinated job, so one Worker instance does it; the claim itself is a conditional update
/// too). A sandbox restore then invites the named owner; an in-place restore is confirmed again
/// with what the operator typed. Progress is written to the request at every stage. A request
/// still "running" whose heartbeat stopped (its Worker died) is queued again, up to
/// <see cref="RestoreRequest.MaxAttempts"/> attempts, then marked failed.
/// </summary>
public sealed partial class OperatorRestoreRunner(
    IServiceScopeFactory scopes,
    SandboxRestore sandboxRestore,
    TenantRestore tenantRestore,
    SandboxOwnerInvitation invitation,
    TimeProvider time,
    ILogger<OperatorRestoreRunner> logger)
{
    /// <summary>A running request whose heartbeat is older than this was interrupted.</summary>
    public static readonly TimeSpan Interrupted = TimeSpan.FromMinutes(15);

    /// <returns>How many requests were run.</returns>
    public async Task<int> RunQueuedAsync(CancellationToken cancellationToken)
    {
        await ResumeInterruptedAsync(cancellationToken);
        var ran = 0;
        while (await ClaimNextAsync(cancellationToken) is { } request)
        {
            await RunAsync(request, cancellationToken);
            ran++;
        }

        return ran;
    }

    private async Task RunAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        Task Stage(string stage, int percent, CancellationToken ct) =>
            UpdateAsync(request.Id, set => set.SetProperty(r => r.Stage, stage).SetProperty(r => r.Percent, percent).SetProperty(r => r.HeartbeatAt, time.GetUtcNow()), ct);

        try
        {
            if (request.Mode == RestoreMode.Sandbox)
            {
                var slug = request.SandboxSlug ?? await ChooseSandboxSlugAsync(request, cancellationToken);
                var result = await sandboxRestore.RestoreAsync(new SandboxRestoreRequest(request.SourceTenantId, request.BackupId, request.RequestedBy, request.Reason, slug),
                    (stage, ct) => Stage(stage, 50, ct), cancellationToken);
                if (!result.Succeeded)
                {
                    await FinishAsync(request.Id, RestoreRequestStatus.Failed, result.RestoreId, result.SandboxTenantId, result.SandboxSlug, 0, 0, result.Error, cancellationToken);
                    return;
                }

                await UpdateAsync(request.Id, set => set.SetProperty(r => r.RestoreId, result.RestoreId).SetProperty(r => r.SandboxTenantId, result.SandboxTenantId)
                    .SetProperty(r => r.SandboxSlug, result.SandboxSlug).SetProperty(r => r.RowsRestored, result.RowsRestored)
                    .SetProperty(r => r.DocumentsRestored, result.DocumentsRestored), cancellationToken);
                await Stage("Inviting the sandbox's owner", 90, cancellationToken);
                var problem = await InviteOwnerAsync(request, result.SandboxTenantId!.Value, cancellationToken);
                await FinishAsync(request.Id, RestoreRequestStatus.Succeeded, result.RestoreId, result.SandboxTenantId, result.SandboxSlug,
                    result.RowsRestored, result.DocumentsRestored, problem, cancellationToken);
            }
            else
            {
                // What the operator typed is checked again here, against the tenant's slug as it is now.
                var result = await tenantRestore.RestoreInPlaceAsync(new TenantRestoreRequest(request.SourceTenantId, request.BackupId, request.RequestedBy, request.Reason,
                    TenantRestore.ConfirmationFor(request.Confirmation ?? "")), (stage, ct) => Stage(stage, 50, ct), cancellationToken);
                await FinishAsync(request.Id, result.Succeeded ? RestoreRequestStatus.Succeeded : RestoreRequestStatus.Failed, result.RestoreId, null, null,
                    result.RowsRestored, result.DocumentsRestored, result.Error, cancellationToken);
            }
        }
        catch (RestoreRefusedException e)
        {
            await FinishAsync(request.Id, RestoreRequestStatus.Failed, null, null, null, 0, 0, $"Refused ({e.Field}): {e.Message}", cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, request.Id);
            await FinishAsync(request.Id, RestoreRequestStatus.Failed, null, null, null, 0, 0,
                "The restore stopped on an unexpected error; see the Worker's log. The tenant's restore record says what was kept.", CancellationToken.None);
        }
    }

    // Stored before the sandbox exists: if this Worker dies after creating it, the next attempt
    // finds it by this slug and fills it instead of creating a second, leaving the first empty.
    private async Task<string> ChooseSandboxSlugAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        string sourceSlug;
        await using (var scope = Tenancy.TenantScopes.CreateTenantScope(scopes, request.SourceTenantId))
        {
            sourceSlug = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.Select(t => t.Slug).SingleOrDefaultAsync(cancellationToken)
                ?? throw new RestoreRefusedException("tenantId", "No such tenant.");
        }

        var slug = SandboxRestore.SlugFor(sourceSlug);
        await UpdateAsync(request.Id, set => set.SetProperty(r => r.SandboxSlug, slug), cancellationToken);
        return slug;
    }

    // The sandbox is restored either way; a failed invitation is reported, and the operator can
    // invite someone else (or retry) from the sandbox's own pages once someone there is owner.
    private async Task<string?> InviteOwnerAsync(RestoreRequest request, Guid sandboxId, CancellationToken cancellationToken)
    {
        try
        {
            var link = await invitation.CreateAsync(sandboxId, request.SandboxOwnerEmail!, request.RequestedBy, cancellationToken);
            await invitation.MailAsync(sandboxId, request.SandboxOwnerEmail!, link, cancellationToken);
            await UpdateAsync(request.Id, set => set.SetProperty(r => r.OwnerInvitedAt, time.GetUtcNow()).SetProperty(r => r.SandboxOwnerEmail, (string?)null), cancellationToken);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogInvitationFailed(logger, e, request.Id, sandboxId);
            return e is RestoreRefusedException refused
                ? $"The sandbox was restored, but its owner was not invited: {refused.Message}"
                : "The sandbox was restored, but the owner's invitation could not be sent; see the Worker's log.";
        }
    }

    private async Task<RestoreRequest?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var requests = scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<RestoreRequest>();
        while (await requests.AsNoTracking().Where(r => r.Status == RestoreRequestStatus.Queued).OrderBy(r => r.RequestedAt).FirstOrDefaultAsync(cancellationToken) is { } next)
        {
            var now = time.GetUtcNow();
            // Only one claimer can move it from queued to running.
            var claimed = await requests.Where(r => r.Id == next.Id && r.Status == RestoreRequestStatus.Queued).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, RestoreRequestStatus.Running)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.Percent, 10)
                .SetProperty(r => r.Stage, "Checking the backup in the scratch database (signature, hashes, row counts)"), cancellationToken);
            if (claimed == 1)
            {
                return next;
            }
        }

        return null;
    }

    // A Worker that died mid-restore left its request running with a stopped heartbeat. Both kinds
    // are safe to run again: an in-place restore replaces rows in one transaction (so the tenant
    // still has all of its data or all of the backup's), and a sandbox's slug was stored before it
    // was created, so the next attempt reuses the empty sandbox (see SandboxRestore). After
    // MaxAttempts the request fails instead of taking the Worker down again and again.
    private async Task ResumeInterruptedAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Interrupted;
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var requests = scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<RestoreRequest>();
        await requests
            .Where(r => r.Status == RestoreRequestStatus.Running && r.HeartbeatAt < before && r.Attempts < RestoreRequest.MaxAttempts)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RestoreRequestStatus.Queued).SetProperty(r => r.Percent, 0)
                .SetProperty(r => r.Stage, "The Worker stopped while restoring; waiting to try again"), cancellationToken);
        await requests
            .Where(r => r.Status == RestoreRequestStatus.Running && r.HeartbeatAt < before)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RestoreRequestStatus.Failed).SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Stage, (string?)null)
                .SetProperty(r => r.Error, "The Worker stopped while restoring, every time it tried; nothing was restored (a sandbox it created holds no data). Ask again."),
                cancellationToken);
    }

    private Task FinishAsync(Guid id, RestoreRequestStatus status, Guid? restoreId, Guid? sandboxId, string? slug, long rows, int documents, string? error,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var bounded = error is { Length: > 1000 } ? error[..1000] : error;
        return UpdateAsync(id, set => set
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.HeartbeatAt, now)
            .SetProperty(r => r.Stage, (string?)null)
            .SetProperty(r => r.Percent, 100)
            .SetProperty(r => r.RestoreId, r => restoreId ?? r.RestoreId)
            .SetProperty(r => r.SandboxTenantId, r => sandboxId ?? r.SandboxTenantId)
            .SetProperty(r => r.SandboxSlug, r => slug ?? r.SandboxSlug)
            .SetProperty(r => r.RowsRestored, rows)
            .SetProperty(r => r.DocumentsRestored, documents)
            .SetProperty(r => r.Error, bounded), cancellationToken);
    }

    private async Task UpdateAsync(Guid id, Action<UpdateSettersBuilder<RestoreRequest>> set, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<RestoreRequest>().Where(r => r.Id == id).ExecuteUpdateAsync(set, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator restore request {RequestId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator restore request {RequestId}: sandbox {SandboxId} restored but its owner was not invited")]
    private static partial void LogInvitationFailed(ILogger logger, Exception exception, Guid requestId, Guid sandboxId);
}
