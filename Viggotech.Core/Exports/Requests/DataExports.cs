using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Exports.Format;
using Viggotech.Core.Jobs;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Exports.Requests;

/// <summary>
/// Self-service exports: an admin asks with a passphrase; the archive key is derived from it here
/// and stored sealed under the tenant's data key, and the Worker builds the export
/// (<see cref="DataExportBuilds"/>) into region A's <c>exports</c> container, encrypted as it is
/// written. It is downloaded once with the token handed out at the request, within 24 hours of
/// being ready. Requests, builds and downloads are recorded in the tenant's audit trail.
/// </summary>
public sealed partial class DataExports(IServiceScopeFactory scopes, RegionalStorage storage, TimeProvider time, ILogger<DataExports> logger)
{
    public const string ContainerName = "exports";
    public const int MinPassphraseLength = 12;
    public const int MaxPassphraseLength = 1024;

    /// <summary>Exports an organisation may ask for in any 24 hours.</summary>
    public const int MaxPerDay = 20;

    // First key of the advisory lock taken while an organisation's export request is stored (the second is the tenant).
    private const int RequestLockSpace = 0x45585054;
    public static readonly TimeSpan DownloadWindow = TimeSpan.FromHours(24);

    internal BlobContainerClient Container => storage.RegionA.GetBlobContainerClient(ContainerName);

    /// <summary>Each build attempt writes its own file, so a build that was given up on can never overwrite the one a later attempt finished.</summary>
    internal static string BlobName(Guid tenantId, Guid exportId, int attempt) =>
        $"{tenantId:D}/{exportId:D}.{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}.vgtexport";

    /// <exception cref="DataExportValidationException">The passphrase is too short or too long.</exception>
    /// <exception cref="DataExportRefusedException">
    /// An export of the organisation is already waiting or being built, or the organisation asked for
    /// <see cref="MaxPerDay"/> exports in the last 24 hours.
    /// </exception>
    public async Task<DataExportTicket> RequestAsync(Guid tenantId, string userId, string? passphrase, CancellationToken cancellationToken = default)
    {
        if (passphrase is null || passphrase.Length < MinPassphraseLength || passphrase.Length > MaxPassphraseLength)
        {
            throw new DataExportValidationException(new Dictionary<string, string[]>
            {
                ["passphrase"] = [$"Choose a passphrase of {MinPassphraseLength} to {MaxPassphraseLength} characters; you need it to open the export."],
            });
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var exportId = Guid.CreateVersion7();
        DataExportRecord? record = null;
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            var keyring = scope.ServiceProvider.GetRequiredService<TenantKeyring>();
            await db.InTransactionAsync(async ct =>
            {
                // One request per organisation at a time, checked before the deliberately slow key
                // derivation: a burst of requests costs one derivation, and the rest are refused at once.
                var locked = await db.Database.SqlQuery<bool>(
                    $"SELECT pg_try_advisory_xact_lock({RequestLockSpace}, hashtext({tenantId.ToString("D")})) AS \"Value\"").SingleAsync(ct);
                if (!locked)
                {
                    throw new DataExportRefusedException(InProgressMessage, tooMany: false);
                }

                var now = time.GetUtcNow();
                var exports = db.Set<DataExportRecord>().AsNoTracking();
                if (await exports.AnyAsync(e => e.Status == DataExportStatus.Requested || e.Status == DataExportStatus.Building, ct))
                {
                    throw new DataExportRefusedException(InProgressMessage, tooMany: false);
                }

                if (await exports.CountAsync(e => e.RequestedAt > now.AddDays(-1), ct) >= MaxPerDay)
                {
                    throw new DataExportRefusedException(
                        $"Your organisation asked for {MaxPerDay} exports in the last 24 hours, the most there can be. Download one of them, or try again tomorrow.",
                        tooMany: true);
                }

                using var archiveKey = ExportKey.Derive(passphrase);
                record = new DataExportRecord
                {
                    Id = exportId,
                    TenantId = tenantId,
                    RequestedBy = userId,
                    Status = DataExportStatus.Requested,
                    Step = "waiting",
                    RequestedAt = now,
                    UpdatedAt = now,
                    DownloadTokenHash = SHA256.HashData(Encoding.ASCII.GetBytes(token)),
                    KeySalt = archiveKey.Salt,
                    KeyIterations = archiveKey.Iterations,
                };
                using (var dataKey = await keyring.AcquireForWriteAsync(ct))
                {
                    record.SealedKey = new byte[FieldCipher.EnvelopeLength(ExportKey.Size)];
                    FieldCipher.Encrypt(dataKey, DataExportsTable.SealedKey, exportId, archiveKey.Bytes, record.SealedKey);
                }

                db.Add(record);
                await db.SaveChangesAsync(ct);
                await audit.RecordAsync(AuditActions.DataExport, new AuditTarget("data_export", record.Id.ToString("D")),
                    details: new Dictionary<string, string> { ["stage"] = "requested" }, cancellationToken: ct);
            }, cancellationToken);
            await JobWakeup.RequestAsync(scope.ServiceProvider, JobNames.ExportBuilds, cancellationToken);
        }

        return new DataExportTicket(record!.Id, token);
    }

    private const string InProgressMessage = "An export of your organisation is already being prepared. Wait until it is ready, then download it or ask for a new one.";

    public async Task<DataExportView?> GetAsync(Guid tenantId, Guid exportId, CancellationToken cancellationToken = default) =>
        (await ListAsync(tenantId, cancellationToken)).SingleOrDefault(e => e.Id == exportId);

    /// <summary>The tenant's exports, newest first.</summary>
    public async Task<IReadOnlyList<DataExportView>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        return await db.Set<DataExportRecord>().AsNoTracking().OrderByDescending(e => e.RequestedAt).Take(50)
            .Select(e => new DataExportView(e.Id, e.Status == DataExportStatus.Ready && e.ExpiresAt < now ? DataExportStatus.Expired : e.Status,
                e.Step, e.Percent, e.RequestedAt, e.ReadyAt, e.ExpiresAt, e.Size, e.DownloadedAt, e.Error))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the download: the first call with the right token, while the export is ready and not
    /// expired, gets the file; every later call gets null. The blob is deleted once it was sent.
    /// </summary>
    public async Task<Stream?> OpenDownloadAsync(Guid tenantId, Guid exportId, string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        var now = time.GetUtcNow();
        var claimed = await db.InTransactionAsync(async ct =>
        {
            var rows = await db.Set<DataExportRecord>()
                .Where(e => e.Id == exportId && e.Status == DataExportStatus.Ready && e.ExpiresAt > now && e.DownloadTokenHash == hash)
                .ExecuteUpdateAsync(e => e.SetProperty(x => x.Status, DataExportStatus.Downloaded).SetProperty(x => x.DownloadedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
            if (rows != 1)
            {
                return (int?)null;
            }

            await audit.RecordAsync(AuditActions.DataExportDownload, new AuditTarget("data_export", exportId.ToString("D")), cancellationToken: ct);
            return await db.Set<DataExportRecord>().Where(e => e.Id == exportId).Select(e => (int?)e.Attempts).SingleAsync(ct);
        }, cancellationToken);
        if (claimed is not { } attempt)
        {
            return null;
        }

        var blob = Container.GetBlobClient(BlobName(tenantId, exportId, attempt));
        var content = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        return new DeleteAfterReadStream(content, blob, logger);
    }

    /// <summary>
    /// Deletes the files of the tenant's exports not downloaded within their window, and gives up
    /// on exports no Worker finished within that window of being asked for (their sealed key is
    /// erased); returns how many expired.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        var expired = await db.Set<DataExportRecord>().Where(e => e.Status == DataExportStatus.Ready && e.ExpiresAt <= now)
            .Select(e => new { e.Id, e.Attempts }).ToListAsync(cancellationToken);
        foreach (var export in expired)
        {
            await Container.DeleteBlobIfExistsAsync(BlobName(tenantId, export.Id, export.Attempts), cancellationToken: cancellationToken);
            await db.Set<DataExportRecord>().Where(e => e.Id == export.Id && e.Status == DataExportStatus.Ready)
                .ExecuteUpdateAsync(e => e.SetProperty(x => x.Status, DataExportStatus.Expired).SetProperty(x => x.SealedKey, (byte[]?)null)
                    .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        }

        var abandonedBefore = now - DownloadWindow;
        await db.Set<DataExportRecord>()
            .Where(e => (e.Status == DataExportStatus.Requested || e.Status == DataExportStatus.Building) && e.RequestedAt < abandonedBefore)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Status, DataExportStatus.Failed).SetProperty(x => x.SealedKey, (byte[]?)null)
                .SetProperty(x => x.Error, "The export was not built within 24 hours. Ask for a new one.").SetProperty(x => x.UpdatedAt, now), cancellationToken);

        return expired.Count;
    }

    internal static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A downloaded export's file could not be deleted; the expiry sweep removes it")]
    internal static partial void LogDeleteFailed(ILogger logger, Exception exception);

    // The file is gone from storage as soon as the one download has read it to the end.
    private sealed class DeleteAfterReadStream(Stream inner, BlobClient blob, ILogger logger) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            try
            {
                await blob.DeleteIfExistsAsync();
            }
            catch (RequestFailedException e)
            {
                LogDeleteFailed(logger, e);
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
