using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Exports.Format;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Exports.Requests;

/// <summary>
/// Builds requested exports (the Worker's <c>export-builds</c> job, one instance at a time through
/// its lease): unseals the archive key the request stored, streams the encrypted ZIP into region
/// A's <c>exports</c> container while recording progress for the requester's page, then marks the
/// export ready and erases the sealed key. A build cut short (its Worker killed or stopped) is
/// started again from the beginning by the next run, into a new file; the export becomes
/// downloadable only when a build has finished, so a partial file never is.
/// </summary>
public sealed partial class DataExportBuilds(DataExports exports, IServiceScopeFactory scopes, TimeProvider time, ILogger<DataExportBuilds> logger)
{
    /// <summary>Builds started (and cut short) this many times are given up: something in the export itself stops every Worker that tries.</summary>
    public const int MaxAttempts = 5;

    private const int BlockSize = 4 * 1024 * 1024;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    /// <summary>Builds every export waiting or cut short, oldest first, tenant by tenant; returns how many became ready.</summary>
    public async Task<int> BuildPendingAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            tenants = await db.Database.SqlQuery<Guid>($"SELECT tenant AS \"Value\" FROM public.tenants_with_pending_exports() AS tenant").ToListAsync(cancellationToken);
        }

        var ready = 0;
        foreach (var tenantId in tenants)
        {
            List<Guid> pending;
            await using (var scope = scopes.CreateTenantScope(tenantId))
            {
                pending = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<DataExportRecord>()
                    .Where(e => e.Status == DataExportStatus.Requested || e.Status == DataExportStatus.Building)
                    .OrderBy(e => e.RequestedAt).Select(e => e.Id).ToListAsync(cancellationToken);
            }

            foreach (var exportId in pending)
            {
                if (await BuildAsync(tenantId, exportId, cancellationToken))
                {
                    ready++;
                }
            }
        }

        return ready;
    }

    /// <summary>
    /// Builds one export now, as a new attempt. False when it is not waiting any more, or the
    /// build failed (recorded on the export). Cancellation leaves it for the next run.
    /// </summary>
    public async Task<bool> BuildAsync(Guid tenantId, Guid exportId, CancellationToken cancellationToken = default)
    {
        if (await StartAttemptAsync(tenantId, exportId, cancellationToken) is not { } start)
        {
            return false;
        }

        if (start.Attempt > MaxAttempts)
        {
            LogGivenUp(logger, tenantId, exportId, MaxAttempts);
            await FailAsync(tenantId, exportId, start.Attempt, "The export was interrupted too many times. Ask for a new one.");
            return false;
        }

        try
        {
            await BuildAttemptAsync(tenantId, exportId, start, cancellationToken);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, tenantId, exportId);
            await FailAsync(tenantId, exportId, start.Attempt, "The export could not be built. Ask for a new one.");
            return false;
        }
    }

    private async Task BuildAttemptAsync(Guid tenantId, Guid exportId, AttemptStart start, CancellationToken cancellationToken)
    {
        var container = exports.Container;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (start.Attempt > 1)
        {
            // Whatever the interrupted attempt left (uncommitted blocks at most) goes; it was never downloadable.
            await container.DeleteBlobIfExistsAsync(DataExports.BlobName(tenantId, exportId, start.Attempt - 1), cancellationToken: cancellationToken);
        }

        var blob = container.GetBlockBlobClient(DataExports.BlobName(tenantId, exportId, start.Attempt));
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            using var key = await UnsealAsync(scope.ServiceProvider, exportId, start, cancellationToken);
            var exporter = scope.ServiceProvider.GetRequiredService<TenantExporter>();
            var lastReported = time.GetUtcNow();
            var progress = new Progress(async p =>
            {
                if (time.GetUtcNow() - lastReported >= ProgressEvery)
                {
                    lastReported = time.GetUtcNow();
                    await RecordProgressAsync(tenantId, exportId, start.Attempt, p.Step, Math.Clamp(p.Percent, 1, 99), cancellationToken);
                }
            });

            // Staged blocks become a blob only at the commit after the last byte: an interrupted
            // build leaves no file at all, just uncommitted blocks the storage service discards.
            await using var output = new BlockStagingStream(blob, BlockSize);
            await exporter.WriteAsync(output, key, progress, cancellationToken);
            await output.CommitAsync(overwrite: true, cancellationToken);
        }

        var size = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        var now = time.GetUtcNow();
        bool marked;
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            marked = await db.InTransactionAsync(async ct =>
            {
                // Only the latest attempt may finish the export: one given up on meanwhile changes nothing.
                var rows = await db.Set<DataExportRecord>()
                    .Where(e => e.Id == exportId && e.Status == DataExportStatus.Building && e.Attempts == start.Attempt)
                    .ExecuteUpdateAsync(e => e
                        .SetProperty(x => x.Status, DataExportStatus.Ready).SetProperty(x => x.Step, "ready").SetProperty(x => x.Percent, 100)
                        .SetProperty(x => x.ReadyAt, now).SetProperty(x => x.ExpiresAt, now + DataExports.DownloadWindow)
                        .SetProperty(x => x.Size, size).SetProperty(x => x.SealedKey, (byte[]?)null).SetProperty(x => x.UpdatedAt, now), ct);
                if (rows == 1)
                {
                    await audit.RecordAsync(AuditActions.DataExport, new AuditTarget("data_export", exportId.ToString("D")),
                        details: new Dictionary<string, string> { ["stage"] = "ready", ["bytes"] = size.ToString(CultureInfo.InvariantCulture) },
                        cancellationToken: ct);
                }

                return rows == 1;
            }, cancellationToken);
        }

        if (!marked)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw new InvalidOperationException($"Export {exportId} was taken over by a later attempt while attempt {start.Attempt} was writing it.");
        }
    }

    private static async Task<ExportKey> UnsealAsync(IServiceProvider services, Guid exportId, AttemptStart start, CancellationToken cancellationToken)
    {
        using var reader = services.GetRequiredService<TenantKeyring>().CreateReader();
        var key = await reader.ReadBytesAsync(DataExportsTable.SealedKey, exportId, start.SealedKey, cancellationToken);
        try
        {
            return ExportKey.FromDerived(key, start.Salt, start.Iterations);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // Claims the next attempt: one statement, so two builders can never hold the same attempt number.
    private async Task<AttemptStart?> StartAttemptAsync(Guid tenantId, Guid exportId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        return await db.InTransactionAsync(async ct =>
        {
            var rows = await db.Set<DataExportRecord>()
                .Where(e => e.Id == exportId && (e.Status == DataExportStatus.Requested || e.Status == DataExportStatus.Building) && e.SealedKey != null)
                .ExecuteUpdateAsync(e => e.SetProperty(x => x.Status, DataExportStatus.Building).SetProperty(x => x.Attempts, x => x.Attempts + 1)
                    .SetProperty(x => x.Step, "starting").SetProperty(x => x.Percent, 1).SetProperty(x => x.Error, (string?)null).SetProperty(x => x.UpdatedAt, now), ct);
            if (rows != 1)
            {
                return null;
            }

            var row = await db.Set<DataExportRecord>().AsNoTracking().Where(e => e.Id == exportId)
                .Select(e => new { e.Attempts, e.SealedKey, e.KeySalt, e.KeyIterations }).SingleAsync(ct);
            return new AttemptStart(row.Attempts, row.SealedKey!, row.KeySalt ?? [], row.KeyIterations);
        }, cancellationToken);
    }

    private async Task RecordProgressAsync(Guid tenantId, Guid exportId, int attempt, string step, int percent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        await db.Set<DataExportRecord>().Where(e => e.Id == exportId && e.Status == DataExportStatus.Building && e.Attempts == attempt)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Step, step).SetProperty(x => x.Percent, percent).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    private async Task FailAsync(Guid tenantId, Guid exportId, int attempt, string error)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        await db.Set<DataExportRecord>().Where(e => e.Id == exportId && e.Status == DataExportStatus.Building && e.Attempts == attempt)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Status, DataExportStatus.Failed).SetProperty(x => x.Step, "failed").SetProperty(x => x.Percent, 0)
                .SetProperty(x => x.Error, error).SetProperty(x => x.SealedKey, (byte[]?)null).SetProperty(x => x.UpdatedAt, now));
        await exports.Container.DeleteBlobIfExistsAsync(DataExports.BlobName(tenantId, exportId, attempt));
    }

    private sealed record AttemptStart(int Attempt, byte[] SealedKey, byte[] Salt, int Iterations);

    // Reports synchronously in the order given; Progress<T> would post them to the thread pool out of order.
    private sealed class Progress(Func<ExportProgress, Task> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value).GetAwaiter().GetResult();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {ExportId} of tenant {TenantId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId, Guid exportId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {ExportId} of tenant {TenantId} was started {Attempts} times without finishing; given up")]
    private static partial void LogGivenUp(ILogger logger, Guid tenantId, Guid exportId, int attempts);
}
