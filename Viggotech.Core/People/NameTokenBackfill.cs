using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;

namespace Viggotech.Core.People;

/// <summary>
/// Gives the scope's tenant's people rows that have no name tokens (rows written before name
/// search existed) their tokens, so they can be found by name without being edited first. Works
/// in committed batches in id order; rows still without tokens are the only state, so a run that
/// stops part-way (shutdown, crash) is simply continued by the next one. Tokens are computed under
/// the key version the stored name is under, as a write under that version would have; a later
/// rotation recomputes them with the name. Rows locked by a concurrent edit are skipped (the edit
/// writes tokens itself); a row whose name fails its integrity check is left as it is and counted
/// (the reader records the failure), and the batch goes on.
/// </summary>
public sealed class NameTokenBackfill(PlatformDbContext db, TenantKeyring keyring)
{
    public const int DefaultBatchSize = 200;

    public async Task<NameTokenBackfillResult> RunAsync(int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var tenantId = keyring.TenantId;
        var total = new NameTokenBackfillResult(0, 0);
        var cursor = Guid.Empty;
        using var reader = keyring.CreateReader();
        while (true)
        {
            var (filled, unreadable, last) = await db.InTransactionAsync(async ct =>
            {
                var rows = await db.Set<PersonRecord>()
                    .FromSql($"select * from people where id > {cursor} and cardinality(name_tokens) = 0 order by id limit {batchSize} for update skip locked")
                    .ToListAsync(ct);
                var (filledHere, unreadableHere) = (0, 0);
                foreach (var row in rows)
                {
                    try
                    {
                        var name = await reader.ReadAsync(PeopleTable.FullName, row.Id, row.Name, ct);
                        using var key = await keyring.AcquireAsync(FieldCipher.KeyVersion(tenantId, PeopleTable.FullName, row.Id, row.Name), ct);
                        row.NameTokens = PeopleTable.NameTokens.Compute(key, name ?? "");
                        filledHere += row.NameTokens.Length > 0 ? 1 : 0;
                    }
                    catch (DataIntegrityException)
                    {
                        unreadableHere++;
                    }
                }

                await db.SaveChangesAsync(ct);
                return (filledHere, unreadableHere, rows.Count == 0 ? (Guid?)null : rows[^1].Id);
            }, cancellationToken);
            db.ChangeTracker.Clear();

            total = new NameTokenBackfillResult(total.Filled + filled, total.Unreadable + unreadable);
            if (last is not { } next)
            {
                return total;
            }

            cursor = next;
        }
    }
}

/// <summary>What a backfill run did: rows given tokens, rows skipped because their name could not be read.</summary>
public sealed record NameTokenBackfillResult(int Filled, int Unreadable);
