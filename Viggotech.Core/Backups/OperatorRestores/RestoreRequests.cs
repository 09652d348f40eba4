using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Jobs;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>
/// Operators' restore requests (<c>platform.restore_requests</c>): checked and stored here for the
/// Api, which never restores anything itself; the Worker's <see cref="OperatorRestoreRunner"/>
/// claims and runs them. Tenants are read one at a time in a scope entered into each, so
/// row-level security applies to every read.
/// </summary>
public sealed class RestoreRequests(IServiceScopeFactory scopes, TenantSweep sweep, SandboxOwnerInvitation invitation, TimeProvider time)
{
    public const string SandboxMode = "sandbox";
    public const string InPlaceMode = "in-place";

    public static string ModeName(RestoreMode mode) => mode == RestoreMode.Sandbox ? SandboxMode : InPlaceMode;

    /// <summary>Every tenant with its completed backups (at most <paramref name="backupsPerTenant"/>, newest first), by name.</summary>
    public async Task<IReadOnlyList<RestorableTenant>> TenantsAsync(int backupsPerTenant = 20, CancellationToken cancellationToken = default)
    {
        var tenants = new List<RestorableTenant>();
        foreach (var tenantId in await sweep.ListTenantIdsAsync(cancellationToken))
        {
            await using var scope = scopes.CreateTenantScope(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            if (await db.Tenants.AsNoTracking().SingleOrDefaultAsync(cancellationToken) is not { } tenant)
            {
                continue;
            }

            var verifications = db.Set<BackupVerificationRecord>().AsNoTracking();
            var backups = await db.Set<BackupRecord>().AsNoTracking()
                .Where(b => b.Status == BackupStatus.Completed && b.CompletedAt != null)
                .OrderByDescending(b => b.CompletedAt).Take(backupsPerTenant)
                .Select(b => new RestorableBackup(b.Id, b.CompletedAt!.Value, b.BytesWritten,
                    verifications.Where(v => v.BackupId == b.Id).OrderByDescending(v => v.FinishedAt).Select(v => (bool?)v.Succeeded).FirstOrDefault()))
                .ToListAsync(cancellationToken);
            tenants.Add(new RestorableTenant(tenant.Id, tenant.Name, tenant.Slug, backups));
        }

        return tenants.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Checks and stores a request, and records it in the source tenant's audit trail as the
    /// operator's, in the same transaction. In place needs the tenant's slug typed as confirmation;
    /// a sandbox needs an owner email that has no Viggotech account yet (an address identifies one
    /// account across the platform). Returns field errors, or the stored request.
    /// </summary>
    public async Task<(Dictionary<string, string[]>? Errors, RestoreRequest? Request)> SubmitAsync(
        RestoreRequestInput input, string operatorEmail, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        RestoreMode? mode = input.Mode switch { SandboxMode => RestoreMode.Sandbox, InPlaceMode => RestoreMode.InPlace, _ => null };
        if (mode is null)
        {
            errors["mode"] = [$"Choose {SandboxMode} or {InPlaceMode}."];
        }

        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 500)
        {
            errors["reason"] = ["Give a reason of 1 to 500 characters (a ticket number, say)."];
        }

        if (input.TenantId is not { } tenantId || tenantId == Guid.Empty)
        {
            errors["tenantId"] = ["Choose a tenant."];
            return (errors, null);
        }

        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (tenant is null)
        {
            errors["tenantId"] = ["No such tenant."];
            return (errors, null);
        }

        if (input.BackupId is not { } backupId
            || !await db.Set<BackupRecord>().AnyAsync(b => b.Id == backupId && b.Status == BackupStatus.Completed, cancellationToken))
        {
            errors["backupId"] = ["Choose one of the tenant's completed backups."];
        }

        string? ownerEmail = null;
        if (mode == RestoreMode.InPlace && !string.Equals(input.Confirmation?.Trim(), tenant.Slug, StringComparison.Ordinal))
        {
            errors["confirmation"] = [$"Type the tenant's slug, {tenant.Slug}, to confirm that its current data is replaced."];
        }
        else if (mode == RestoreMode.Sandbox)
        {
            ownerEmail = input.SandboxOwnerEmail?.Trim() ?? "";
            if (!AccountEmail.IsValid(ownerEmail))
            {
                errors["sandboxOwnerEmail"] = ["Enter the email address of the sandbox's first owner, like name@example.com."];
            }
            else if (await db.FindByEmailAsync(AccountEmail.Normalize(ownerEmail), cancellationToken) is not null)
            {
                errors["sandboxOwnerEmail"] = ["This address already has a Viggotech account; name an address without one (each address is one account)."];
            }
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var request = new RestoreRequest
        {
            Id = Guid.CreateVersion7(),
            SourceTenantId = tenantId,
            BackupId = input.BackupId!.Value,
            Mode = mode!.Value,
            Reason = reason,
            Confirmation = mode == RestoreMode.InPlace ? tenant.Slug : null,
            SandboxOwnerEmail = ownerEmail,
            RequestedBy = operatorEmail,
            RequestedAt = time.GetUtcNow(),
            Status = RestoreRequestStatus.Queued,
            Stage = "Waiting for the Worker",
        };
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        await db.InTransactionAsync(async ct =>
        {
            db.Add(request);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(tenantId.ToString(), time.GetUtcNow(), new AuditActor(AuditActorType.Operator, operatorEmail),
                AuditActions.BackupRestoreRequest, new AuditTarget("backup", request.BackupId.ToString("D")), AuditResult.Success,
                Trace: Activity.Current?.TraceId.ToHexString(),
                Details: new Dictionary<string, string> { ["mode"] = ModeName(request.Mode), ["reason"] = reason, ["request"] = request.Id.ToString("D") }), ct);
        }, cancellationToken);
        await JobWakeup.RequestAsync(scope.ServiceProvider, JobNames.OperatorRestores, cancellationToken);
        return (null, request);
    }

    /// <summary>
    /// Mails the sandbox's owner a new invitation link (the old ones stop working), for when the
    /// first mail failed or its link expired. The link is mailed at once rather than queued, so the
    /// operator learns here whether it went out; if it did not, the old links are already void and
    /// asking again issues another.
    /// </summary>
    /// <returns>The request as it is now, or null if there is no such request.</returns>
    /// <exception cref="RestoreRefusedException">Not a succeeded sandbox restore, the owner accepted already, or the mail failed (field <c>mail</c>).</exception>
    public async Task<RestoreRequest?> ResendOwnerInvitationAsync(Guid requestId, string operatorEmail, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var requests = scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<RestoreRequest>();
        if (await requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken) is not { } request)
        {
            return null;
        }

        if (request is not { Mode: RestoreMode.Sandbox, Status: RestoreRequestStatus.Succeeded, SandboxTenantId: { } sandboxId })
        {
            throw new RestoreRefusedException("request",
                $"Only a sandbox restore that succeeded has an owner to invite; this is {(request.Mode == RestoreMode.Sandbox ? "a sandbox" : "an in-place")} restore that is {request.Status.ToString().ToLowerInvariant()}.");
        }

        var (email, link) = await invitation.ResendAsync(sandboxId, request.SandboxOwnerEmail, operatorEmail, cancellationToken);
        try
        {
            await invitation.MailAsync(sandboxId, email, link, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RestoreRefusedException("mail", "The mail server did not take the invitation; the earlier links no longer work. Try again in a moment.");
        }

        var now = time.GetUtcNow();
        await requests.Where(r => r.Id == requestId).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.OwnerInvitedAt, now)
            .SetProperty(r => r.SandboxOwnerEmail, (string?)null)
            .SetProperty(r => r.Error, (string?)null), cancellationToken);
        return await requests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
    }

    /// <summary>The newest requests first.</summary>
    public async Task<IReadOnlyList<RestoreRequest>> RecentAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<RestoreRequest>().AsNoTracking()
            .OrderByDescending(r => r.RequestedAt).Take(limit).ToListAsync(cancellationToken);
    }
}
