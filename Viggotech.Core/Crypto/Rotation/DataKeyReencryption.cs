using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>
/// Moves the scope's tenant onto the target version of its running data key rotation, one batch
/// per transaction. Each transaction locks the rotation row (another worker skips it), does one
/// batch of one target and commits the batch with the rotation's cursor, so a crash or a
/// cancellation loses at most the batch in flight, and the next run continues from the cursor.
/// Readers and writers carry on meanwhile: values name their key version, and writers use the
/// active (target) version.
/// </summary>
public sealed class DataKeyReencryption(
    PlatformDbContext db,
    TenantKeyring keyring,
    IEnumerable<IReencryptionTarget> targets,
    IOptions<CryptoOptions> options,
    IKeyEventSink events,
    TimeProvider time)
{
    private readonly List<IReencryptionTarget> ordered = [.. targets.OrderBy(t => t.Name, StringComparer.Ordinal)];

    // Recorded once the batch that caused them has committed, never for a batch that rolled back.
    private readonly List<KeyEvent> committedEvents = [];

    /// <summary>Tenants with a running rotation, found across tenants through a function that reveals only their ids.</summary>
    public static async Task<IReadOnlyList<Guid>> TenantsWithRunningRotationsAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<Guid>($"select f.id as \"Value\" from tenants_with_running_key_rotations() as f(id)").ToListAsync(cancellationToken);

    /// <summary>
    /// Runs batches until the rotation completes or blocks, nothing is running, <paramref name="maxBatches"/>
    /// batches are done (then <see cref="ReencryptionOutcome.InProgress"/>: the next run goes on,
    /// and other tenants get their turn meanwhile), or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<ReencryptionOutcome> RunAsync(int maxBatches, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        for (var batches = 0; batches < maxBatches; batches++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = await db.InTransactionAsync(StepAsync, cancellationToken);
            db.ChangeTracker.Clear();
            foreach (var keyEvent in committedEvents)
            {
                await events.RecordAsync(keyEvent, cancellationToken);
            }

            if (step is { } outcome)
            {
                return outcome;
            }
        }

        return ReencryptionOutcome.InProgress;
    }

    public Task<ReencryptionOutcome> RunAsync(CancellationToken cancellationToken) => RunAsync(int.MaxValue, cancellationToken);

    /// <summary>One batch; null when there is more to do.</summary>
    private async Task<ReencryptionOutcome?> StepAsync(CancellationToken cancellationToken)
    {
        committedEvents.Clear();
        var rotation = await db.Set<DataKeyRotation>()
            .FromSql($"select * from data_key_rotations where status = 'running' order by started_at limit 1 for update skip locked")
            .SingleOrDefaultAsync(cancellationToken);
        if (rotation is null)
        {
            return ReencryptionOutcome.Idle;
        }

        var targetIndex = Math.Max(0, ordered.FindIndex(t => t.Name == rotation.CurrentTarget));
        if (ordered[targetIndex].Name != rotation.CurrentTarget)
        {
            rotation.Cursor = null;
        }

        using var target = await keyring.AcquireAsync(rotation.TargetVersion, cancellationToken);
        using var reader = keyring.CreateReader();
        var now = time.GetUtcNow();
        var batch = new ReencryptionBatch(db, keyring, reader, target, options.Value.ReencryptionBatchSize, options.Value.ReencryptionDocumentBatchSize, now);
        rotation.UpdatedAt = now;

        ReencryptionBatchResult result;
        try
        {
            result = await ordered[targetIndex].ReencryptBatchAsync(batch, rotation.Cursor, cancellationToken);
        }
        catch (DataIntegrityException e)
        {
            // Whatever the batch re-encrypted before the bad value is valid and is kept; the
            // cursor stays, so the value is met again once the rotation is resumed.
            rotation.Status = RotationStatus.Blocked;
            rotation.Error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            await db.SaveChangesAsync(cancellationToken);
            committedEvents.Add(new KeyEvent(rotation.TenantId, KeyEventKind.ReencryptionBlocked, now, rotation.TargetVersion, null, e.Message));
            return ReencryptionOutcome.Blocked;
        }

        rotation.ValuesReencrypted += result.Values;
        rotation.DocumentsReencrypted += result.Documents;

        rotation.CurrentTarget = ordered[targetIndex].Name;
        rotation.Cursor = result.LastId;
        if (!result.Finished)
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        if (targetIndex + 1 < ordered.Count)
        {
            rotation.CurrentTarget = ordered[targetIndex + 1].Name;
            rotation.Cursor = null;
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        // The pass is over. Lock the versions being retired: an upload that chose one and is
        // about to commit its document holds it share-locked, so after this lock its row is
        // either visible to the check below or will find the version retired and refuse.
        await db.Database.ExecuteSqlAsync($"select 1 from tenant_data_keys where status = 'retiring' for update", cancellationToken);
        foreach (var candidate in ordered)
        {
            if (await candidate.HasOtherVersionsAsync(batch, cancellationToken))
            {
                rotation.Pass++;
                rotation.CurrentTarget = ordered[0].Name;
                rotation.Cursor = null;
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
        }

        var retired = await db.Set<TenantDataKey>().Where(k => k.Status == DataKeyStatus.Retiring).Select(k => k.Version).ToListAsync(cancellationToken);
        await db.Set<TenantDataKey>().Where(k => k.Status == DataKeyStatus.Retiring)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.Status, DataKeyStatus.Retired).SetProperty(x => x.RetiredAt, now), cancellationToken);
        rotation.Status = RotationStatus.Completed;
        rotation.CompletedAt = now;
        rotation.CurrentTarget = null;
        rotation.Cursor = null;
        await db.SaveChangesAsync(cancellationToken);

        committedEvents.Add(new KeyEvent(rotation.TenantId, KeyEventKind.ReencryptionCompleted, now, rotation.TargetVersion, null,
            $"{rotation.ValuesReencrypted} values and {rotation.DocumentsReencrypted} documents in {rotation.Pass} pass(es)"));
        committedEvents.AddRange(retired.Select(version => new KeyEvent(rotation.TenantId, KeyEventKind.DataKeyRetired, now, version)));

        return ReencryptionOutcome.Completed;
    }
}
