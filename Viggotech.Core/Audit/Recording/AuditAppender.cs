using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// Appends one event to a tenant's chain on the platform context's open transaction, in two round
/// trips: lock and read the chain head, then insert the event and move the head. The head row
/// stays locked until the caller's transaction ends, so concurrent appends in one tenant queue
/// behind it and each sees the head the previous one left: one linear chain, no gaps, no forks.
/// A rollback takes the event and the head move back with the change.
/// </summary>
internal static class AuditAppender
{
    private const string LockHead =
        "select last_seq, last_hash from audit_chain_heads where tenant_id = $1 for update";

    private const string CreateHead =
        "insert into audit_chain_heads (tenant_id, last_seq, last_hash) values ($1, 0, $2) on conflict (tenant_id) do nothing";

    private const string InsertEvent = """
        insert into audit_events (tenant_id, seq, prev_hash, hash, canonical, time, actor_type, actor_id, action,
            target_type, target_id, result, ip, user_agent, session_id, trace_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        """;

    private const string MoveHead =
        "update audit_chain_heads set last_seq = $2, last_hash = $3 where tenant_id = $1 and last_seq = $4";

    public static async Task<ChainedAuditEvent> AppendAsync(PlatformDbContext db, Guid tenantId, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        AuditEventRules.Check(auditEvent);
        if (auditEvent.Tenant != tenantId.ToString())
        {
            throw new ArgumentException("An audit event belongs to the chain of the tenant the scope acts for.", nameof(auditEvent));
        }

        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException(
                "Audit events are recorded inside the transaction of the change they describe: call RecordAsync within db.InTransactionAsync.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();

        var head = await LockHeadAsync(connection, npgsqlTransaction, tenantId, cancellationToken);

        // Hash exactly what is stored: the format and PostgreSQL both keep microseconds.
        var stored = auditEvent with { Time = AuditTime.Truncate(auditEvent.Time) };
        var sequence = head.Sequence + 1;
        var canonical = AuditEventJson.ToCanonicalJson(sequence, head.Hash, stored);
        var chained = new ChainedAuditEvent(sequence, head.Hash, stored, AuditHash.Of(canonical));

        await using var batch = new NpgsqlBatch(connection, npgsqlTransaction);
        batch.BatchCommands.Add(Command(InsertEvent,
            Uuid(tenantId), Bigint(sequence), Bytes(head.Hash.ToArray()), Bytes(chained.Hash.ToArray()), Bytes(canonical),
            new NpgsqlParameter<DateTimeOffset> { TypedValue = stored.Time, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            Text(AuditEventColumns.ActorType(stored.Actor.Type)), Text(stored.Actor.Id), Text(stored.Action),
            Text(stored.Target?.Type), Text(stored.Target?.Id), Text(AuditEventColumns.Result(stored.Result)),
            Text(stored.Ip), Text(stored.UserAgent), Text(stored.Session), Text(stored.Trace)));
        batch.BatchCommands.Add(Command(MoveHead,
            Uuid(tenantId), Bigint(sequence), Bytes(chained.Hash.ToArray()), Bigint(head.Sequence)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (batch.BatchCommands[1].RecordsAffected != 1)
        {
            // Cannot happen while the head is locked; if it ever does, the chain must not go on silently.
            throw new InvalidOperationException("The audit chain head moved while it was locked.");
        }
        return chained;
    }

    private static async Task<AuditChainHead> LockHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, CancellationToken cancellationToken)
    {
        // The policies read app.tenant_id; set it for this transaction to the tenant being written,
        // which also covers a scope that entered its tenant after the connection opened (sign-up).
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command($"select set_config('{TenantSessionInterceptor.SettingName}', $1, true)", Text(tenantId.ToString())));
            batch.BatchCommands.Add(Command(LockHead, Uuid(tenantId)));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (await ReadHeadAsync(reader, cancellationToken) is { } head)
            {
                return head;
            }
        }

        // The tenant's first event: create its head, then lock it like any other.
        await using var create = new NpgsqlBatch(connection, transaction);
        create.BatchCommands.Add(Command(CreateHead, Uuid(tenantId), Bytes(AuditHash.Zero.ToArray())));
        create.BatchCommands.Add(Command(LockHead, Uuid(tenantId)));
        await using var created = await create.ExecuteReaderAsync(cancellationToken);
        return await ReadHeadAsync(created, cancellationToken)
            ?? throw new InvalidOperationException("The audit chain head could not be created.");
    }

    // The head is the result set named by LockHead's columns, wherever the batch put it.
    private static async Task<AuditChainHead?> ReadHeadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        do
        {
            if (reader.FieldCount == 2 && reader.GetName(0) == "last_seq")
            {
                return await reader.ReadAsync(cancellationToken)
                    ? new AuditChainHead(reader.GetInt64(0), new AuditHash(reader.GetFieldValue<byte[]>(1)))
                    : null;
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return null;
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<Guid> Uuid(Guid value) => new() { TypedValue = value };

    private static NpgsqlParameter<long> Bigint(long value) => new() { TypedValue = value };

    private static NpgsqlParameter<byte[]> Bytes(byte[] value) => new() { TypedValue = value };

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
