using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// Appends one event to a tenant's chain on the platform context's open transaction, in one round
/// trip. A single statement moves the tenant's chain head (creating it for the first event) and
/// inserts the event: the head's row lock serialises appends per tenant, and under it the
/// database completes the event's canonical JSON with the previous hash and the next sequence
/// number and hashes it (SHA-256). Concurrent appends queue on that lock and each builds on the
/// head the previous one left: one linear chain, no gaps, no forks. The lock is held, and the
/// event stays invisible, until the caller's transaction ends; a rollback takes both back.
/// </summary>
internal static class AuditAppender
{
    // $2 prefix, $3 middle, $4 suffix: canonical = prefix || hex(prev) || middle || seq || suffix.
    private const string Append = """
        with head as (
            insert into audit_chain_heads as h (tenant_id, last_seq, prev_hash, last_hash)
            values ($1, 1, $5, sha256($2 || convert_to(encode($5, 'hex'), 'UTF8') || $3 || convert_to('1', 'UTF8') || $4))
            on conflict (tenant_id) do update set
                last_seq = h.last_seq + 1,
                prev_hash = h.last_hash,
                last_hash = sha256($2 || convert_to(encode(h.last_hash, 'hex'), 'UTF8') || $3 || convert_to((h.last_seq + 1)::text, 'UTF8') || $4)
            returning h.last_seq, h.prev_hash, h.last_hash
        )
        insert into audit_events (tenant_id, seq, prev_hash, hash, canonical, time, actor_type, actor_id, action,
            target_type, target_id, result, ip, user_agent, session_id, trace_id)
        select $1, head.last_seq, head.prev_hash, head.last_hash,
            $2 || convert_to(encode(head.prev_hash, 'hex'), 'UTF8') || $3 || convert_to(head.last_seq::text, 'UTF8') || $4,
            $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16
        from head
        returning seq, prev_hash, hash
        """;

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

        // Hash exactly what is stored: the format and PostgreSQL both keep microseconds.
        var stored = auditEvent with { Time = AuditTime.Truncate(auditEvent.Time) };
        var template = AuditEventJson.ToTemplate(stored);

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        // The policies read app.tenant_id; set it for this transaction to the tenant being written,
        // which also covers a scope that entered its tenant after the connection opened (sign-up).
        batch.BatchCommands.Add(Command($"select set_config('{TenantSessionInterceptor.SettingName}', $1, true)", Text(tenantId.ToString())));
        batch.BatchCommands.Add(Command(Append,
            new NpgsqlParameter<Guid> { TypedValue = tenantId },
            Bytes(template.Prefix), Bytes(template.Middle), Bytes(template.Suffix), Bytes(AuditHash.Zero.ToArray()),
            new NpgsqlParameter<DateTimeOffset> { TypedValue = stored.Time, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            Text(AuditEventColumns.ActorType(stored.Actor.Type)), Text(stored.Actor.Id), Text(stored.Action),
            Text(stored.Target?.Type), Text(stored.Target?.Id), Text(AuditEventColumns.Result(stored.Result)),
            Text(stored.Ip), Text(stored.UserAgent), Text(stored.Session), Text(stored.Trace)));

        // Prepared once per physical connection and kept by Npgsql across pooled uses: later appends
        // skip parsing and planning the statement.
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (reader.FieldCount != 3 || reader.GetName(0) != "seq")
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException("The audit event was not stored.");
            }
        }
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The audit event was not stored.");
        }
        var chained = new ChainedAuditEvent(reader.GetInt64(0), new AuditHash(reader.GetFieldValue<byte[]>(1)), stored, new AuditHash(reader.GetFieldValue<byte[]>(2)));

        // The database hashed what it stored; the same bytes hashed here must agree, or the chain is not what the format says.
        if (AuditHash.Of(template.Complete(chained.Sequence, chained.Previous)) != chained.Hash)
        {
            throw new InvalidOperationException($"The stored hash of audit event {chained.Sequence} does not match its canonical JSON.");
        }
        return chained;
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<byte[]> Bytes(byte[] value) => new() { TypedValue = value };

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
