using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Data.Provisioning;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>
/// Re-encrypts the encrypted columns of one <see cref="EncryptedTable"/> in key order. Rows are
/// picked by the key version in their envelopes (bytes 2 to 5) and locked for the batch, so a
/// concurrent update either lands before (and is re-encrypted) or waits and overwrites with
/// values under the active key; blind indexes are recomputed under the target key with them.
/// </summary>
internal sealed class EncryptedTableTarget(EncryptedTable table) : IReencryptionTarget
{
    private readonly string selectSql = SelectSql(table);
    private readonly string existsSql = ExistsSql(table);
    private readonly string updateSql = UpdateSql(table);

    public string Name => $"table:{table.Table}";

    public async Task<ReencryptionBatchResult> ReencryptBatchAsync(ReencryptionBatch batch, Guid? cursor, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, byte[]?[] Values)>();
        await using (var select = Command(batch, selectSql))
        {
            select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = cursor ?? Guid.Empty, NpgsqlDbType = NpgsqlDbType.Uuid });
            select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch.Target.Version });
            select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new byte[]?[table.Columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i + 1) ? null : reader.GetFieldValue<byte[]>(i + 1);
                }

                rows.Add((reader.GetGuid(0), values));
            }
        }

        if (rows.Count == 0)
        {
            return new ReencryptionBatchResult(cursor, 0, 0, Finished: true);
        }

        var changed = 0;
        await using var updates = new NpgsqlBatch(Connection(batch), Transaction(batch));
        foreach (var (id, values) in rows)
        {
            var update = new NpgsqlBatchCommand(updateSql);
            var plaintexts = new Dictionary<EncryptedColumn, byte[]>();
            try
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var column = table.Columns[i];
                    byte[]? envelope = null;
                    if (values[i] is { } old)
                    {
                        var plaintext = await batch.Reader.ReadBytesAsync(column, id, old, cancellationToken);
                        plaintexts[column] = plaintext;
                        envelope = new byte[FieldCipher.EnvelopeLength(plaintext.Length)];
                        FieldCipher.Encrypt(batch.Target, column, id, plaintext, envelope);
                        changed++;
                    }

                    update.Parameters.Add(new NpgsqlParameter { Value = (object?)envelope ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
                }

                foreach (var index in table.BlindIndexes)
                {
                    var value = plaintexts.TryGetValue(index.Source, out var source)
                        ? BlindIndex.Compute(batch.Target, index.Source, index.Normalise(Encoding.UTF8.GetString(source)))
                        : null;
                    update.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
                }

                foreach (var index in table.TokenIndexes)
                {
                    var tokens = plaintexts.TryGetValue(index.Source, out var source) ? index.Compute(batch.Target, Encoding.UTF8.GetString(source)) : [];
                    update.Parameters.Add(new NpgsqlParameter { Value = tokens, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                }
            }
            finally
            {
                foreach (var plaintext in plaintexts.Values)
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                }
            }

            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            updates.BatchCommands.Add(update);
        }

        await updates.ExecuteNonQueryAsync(cancellationToken);
        return new ReencryptionBatchResult(rows[^1].Id, changed, 0, Finished: rows.Count < batch.BatchSize);
    }

    public async Task<bool> HasOtherVersionsAsync(ReencryptionBatch batch, CancellationToken cancellationToken)
    {
        await using var exists = Command(batch, existsSql);
        exists.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch.Target.Version });
        return await exists.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static NpgsqlCommand Command(ReencryptionBatch batch, string sql) => new(sql, Connection(batch), Transaction(batch));

    private static NpgsqlConnection Connection(ReencryptionBatch batch) => (NpgsqlConnection)batch.Db.Database.GetDbConnection();

    private static NpgsqlTransaction Transaction(ReencryptionBatch batch) =>
        (NpgsqlTransaction)(batch.Db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Re-encryption batches run inside a transaction."));

    // $2 is the target version: a value is outdated when the four bytes after its format byte differ from it.
    private static string Outdated(EncryptedTable table, string versionParameter) => string.Join(" or ", table.Columns.Select(c =>
        $"({Q(c.Column)} is not null and substring({Q(c.Column)} from 2 for 4) <> int4send({versionParameter}))"));

    private static string SelectSql(EncryptedTable table) =>
        $"select {Q(table.KeyColumn)}, {string.Join(", ", table.Columns.Select(c => Q(c.Column)))} from {Q(table.Table)} " +
        $"where {Q(table.KeyColumn)} > $1 and ({Outdated(table, "$2")}) order by {Q(table.KeyColumn)} limit $3 for update";

    private static string ExistsSql(EncryptedTable table) =>
        $"select exists (select 1 from {Q(table.Table)} where {Outdated(table, "$1")})";

    private static string UpdateSql(EncryptedTable table)
    {
        var assignments = table.Columns.Select(c => c.Column).Concat(table.BlindIndexes.Select(i => i.Column)).Concat(table.TokenIndexes.Select(i => i.Column))
            .Select((column, i) => $"{Q(column)} = ${i + 1}");
        var keyParameter = table.Columns.Count + table.BlindIndexes.Count + table.TokenIndexes.Count + 1;
        return $"update {Q(table.Table)} set {string.Join(", ", assignments)} where {Q(table.KeyColumn)} = ${keyParameter}";
    }

    private static string Q(string identifier) => SqlIdentifier.Quote(identifier);
}
