using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Exports.Requests;

/// <summary>
/// Builds requested exports one at a time in the background of the process that took the request
/// (the passphrase never leaves it): the encrypted ZIP is streamed into region A's <c>exports</c>
/// container while progress is recorded for the requester's page.
/// </summary>
public sealed partial class DataExportBuilder(DataExportQueue queue, DataExports exports, IServiceScopeFactory scopes, TimeProvider time,
    ILogger<DataExportBuilder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await BuildAsync(job, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, job.TenantId, job.ExportId);
                await RecordAsync(job, DataExportStatus.Failed, "failed", 0, "The export could not be built. Ask for a new one.", CancellationToken.None);
            }
        }
    }

    /// <summary>Builds one export now (the background loop's work).</summary>
    internal async Task BuildAsync(DataExportJob job, CancellationToken cancellationToken)
    {
        await RecordAsync(job, DataExportStatus.Building, "starting", 1, null, cancellationToken);
        var container = exports.Container;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlockBlobClient(DataExports.BlobName(job.TenantId, job.ExportId));
        long size;
        await using (var scope = scopes.CreateTenantScope(job.TenantId))
        {
            var exporter = scope.ServiceProvider.GetRequiredService<TenantExporter>();
            var lastReported = time.GetUtcNow();
            var progress = new Progress(async p =>
            {
                if (time.GetUtcNow() - lastReported > TimeSpan.FromSeconds(1) || p.Percent == 100)
                {
                    lastReported = time.GetUtcNow();
                    await RecordAsync(job, DataExportStatus.Building, p.Step, Math.Min(p.Percent, 99), null, CancellationToken.None);
                }
            });
            await using (var output = await blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
            {
                await exporter.WriteAsync(output, job.Passphrase, progress, cancellationToken: cancellationToken);
            }

            size = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        }

        var now = time.GetUtcNow();
        await using (var scope = scopes.CreateTenantScope(job.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            await db.InTransactionAsync(async ct =>
            {
                await db.Set<DataExportRecord>().Where(e => e.Id == job.ExportId).ExecuteUpdateAsync(e => e
                    .SetProperty(x => x.Status, DataExportStatus.Ready).SetProperty(x => x.Step, "ready").SetProperty(x => x.Percent, 100)
                    .SetProperty(x => x.ReadyAt, now).SetProperty(x => x.ExpiresAt, now + DataExports.DownloadWindow)
                    .SetProperty(x => x.Size, size).SetProperty(x => x.UpdatedAt, now), ct);
                await audit.RecordAsync(AuditActions.DataExport, new AuditTarget("data_export", job.ExportId.ToString("D")),
                    details: new Dictionary<string, string> { ["stage"] = "ready", ["bytes"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    cancellationToken: ct);
            }, cancellationToken);
        }
    }

    private async Task RecordAsync(DataExportJob job, DataExportStatus status, string step, int percent, string? error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(job.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        await db.Set<DataExportRecord>().Where(e => e.Id == job.ExportId).ExecuteUpdateAsync(e => e
            .SetProperty(x => x.Status, status).SetProperty(x => x.Step, step).SetProperty(x => x.Percent, percent)
            .SetProperty(x => x.Error, error).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    // Reports synchronously in the order given; Progress<T> would post them to the thread pool out of order.
    private sealed class Progress(Func<ExportProgress, Task> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value).GetAwaiter().GetResult();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {ExportId} of tenant {TenantId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId, Guid exportId);
}
