using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Viggotech.Core.Backups.Snapshot;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.Backups.Restore;

/// <summary>
/// Carries one table's rows of a verified scratch restore into the sandbox tenant. Every row gets
/// a new id and the sandbox's tenant id; every encrypted value is decrypted with the backup's own
/// data keys (bound to the source tenant, table, column and old row id) and encrypted again under
/// the sandbox's active key, bound to the new tenant and row; blind indexes and word tokens are
/// recomputed under the sandbox's index key. Plaintext lives in memory for one value at a time.
/// Rows travel as JSON (row_to_json out, json_populate_recordset in), so columns this code does
/// not know about are carried as they are.
/// </summary>
internal sealed class SandboxRowCopy(
    ScratchSession session,
    Guid sourceTenantId,
    Guid sandboxTenantId,
    BackupDataKeys sourceKeys,
    DataKeyLease sandboxKey,
    NpgsqlConnection platform,
    NpgsqlTransaction transaction)
{
    private const int RowsPerBatch = 500;

    /// <param name="ids">Old row id to new row id; ids not in it are made up and added.</param>
    /// <param name="adjust">Changes a row further once re-keyed (old id, new id, row).</param>
    /// <param name="include">Which rows (by old id) to carry; all when null.</param>
    public async Task<long> CopyAsync(TenantTable table, EncryptedTable? encrypted, Dictionary<Guid, Guid> ids, Action<Guid, Guid, JsonObject>? adjust,
        CancellationToken cancellationToken, Func<Guid, bool>? include = null)
    {
        var name = $"public.{TenantTable.Quote(table.Name)}";
        var columns = TenantTable.ColumnList(table.Columns);
        var cursor = TenantTable.Quote($"sandbox_{table.Name}");
        await ExecuteAsync($"DECLARE {cursor} NO SCROLL CURSOR FOR SELECT row_to_json(r)::text FROM (SELECT {columns} FROM {name} WHERE tenant_id = '{sourceTenantId:D}' ORDER BY id) r",
            cancellationToken);
        long rows = 0;
        while (true)
        {
            var batch = new JsonArray();
            await using (var fetch = new NpgsqlCommand($"FETCH {RowsPerBatch} FROM {cursor}", session.Connection, session.Transaction))
            await using (var reader = await fetch.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = JsonNode.Parse(reader.GetString(0))!.AsObject();
                    var oldId = Guid.Parse(row["id"]!.GetValue<string>());
                    if (include is not null && !include(oldId))
                    {
                        continue;
                    }

                    if (!ids.TryGetValue(oldId, out var newId))
                    {
                        newId = Guid.CreateVersion7();
                        ids[oldId] = newId;
                    }

                    if (encrypted is not null)
                    {
                        Rekey(encrypted, row, oldId, newId);
                    }

                    row["id"] = newId;
                    row["tenant_id"] = sandboxTenantId;
                    adjust?.Invoke(oldId, newId, row);
                    batch.Add(row);
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {name} ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::{name}, $1::json)", platform, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = batch.ToJsonString() });
            rows += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync($"CLOSE {cursor}", cancellationToken);
        return rows;
    }

    private void Rekey(EncryptedTable table, JsonObject row, Guid oldId, Guid newId)
    {
        var plaintexts = new Dictionary<EncryptedColumn, byte[]>();
        try
        {
            foreach (var column in table.Columns)
            {
                if (row[column.Column]?.GetValue<string>() is not { } stored)
                {
                    continue;
                }

                var envelope = Bytea(stored);
                var version = FieldCipher.KeyVersion(sourceTenantId, column, oldId, envelope);
                var plaintext = new byte[FieldCipher.PlaintextLength(envelope)];
                plaintexts[column] = plaintext;
                using (var key = sourceKeys.Lease(version))
                {
                    FieldCipher.Decrypt(key, column, oldId, envelope, plaintext);
                }

                var rekeyed = new byte[FieldCipher.EnvelopeLength(plaintext.Length)];
                FieldCipher.Encrypt(sandboxKey, column, newId, plaintext, rekeyed);
                row[column.Column] = Bytea(rekeyed);
            }

            foreach (var index in table.BlindIndexes)
            {
                row[index.Column] = plaintexts.TryGetValue(index.Source, out var source)
                    ? Bytea(BlindIndex.Compute(sandboxKey, index.Source, index.Normalise(Encoding.UTF8.GetString(source))))
                    : null;
            }

            foreach (var index in table.TokenIndexes)
            {
                var words = plaintexts.TryGetValue(index.Source, out var source) ? index.Words(Encoding.UTF8.GetString(source)) : [];
                row[index.Column] = new JsonArray(words.Select(word => (JsonNode?)Bytea(BlindIndex.Compute(sandboxKey, index.Source, word))).ToArray());
            }
        }
        finally
        {
            foreach (var plaintext in plaintexts.Values)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    // row_to_json writes bytea in PostgreSQL's hex form, which json_populate_recordset reads back.
    private static byte[] Bytea(string hex) =>
        hex.StartsWith(@"\x", StringComparison.Ordinal) ? Convert.FromHexString(hex.AsSpan(2)) : throw new FormatException("An encrypted column is not in bytea hex form.");

    private static JsonNode Bytea(byte[] bytes) => JsonValue.Create(@"\x" + Convert.ToHexStringLower(bytes));

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, session.Connection, session.Transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
