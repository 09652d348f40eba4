using Npgsql;

namespace Viggotech.Core.Backups.Snapshot;

/// <summary>
/// Finds the tables a tenant backup holds in the database's catalog rather than in a list kept by
/// hand: every table in schema <c>public</c> with a <c>tenant_id</c> column that the connected role
/// may read (so a new feature's table is backed up without anyone remembering to add it), except
/// the backup bookkeeping itself. The tenant's registry row comes first; the rest follow their
/// foreign keys, so a restore can insert them in this order.
/// </summary>
public static class TenantTableCatalog
{
    /// <summary>Tables about backups and exports: restoring them would rewrite the record of backups, restores and downloads.</summary>
    public static readonly IReadOnlySet<string> NotBackedUp = new HashSet<string>(StringComparer.Ordinal)
    {
        "backups", "backup_verifications", "backup_restores", "backup_policies", "data_exports",
    };

    /// <summary>The trigger that marks an append-only table (the audit trail): backed up, never overwritten by a restore.</summary>
    public const string AppendOnlyTrigger = "append_only";

    private const string TablesSql = """
        SELECT c.relname::text,
               array(SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                     ORDER BY a.attnum),
               coalesce(array(SELECT a.attname::text FROM pg_index i
                              CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                              WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.ord), '{}'),
               EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = $1),
               coalesce(array(SELECT DISTINCT r.relname::text FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
                              WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid), '{}'),
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND has_table_privilege(c.oid, 'SELECT')
          AND (c.relname = 'tenants'
               OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
        ORDER BY c.relname
        """;

    /// <summary>The tables in restore order: the registry first, then every table after those it references.</summary>
    public static async Task<IReadOnlyList<TenantTable>> DiscoverAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<TenantTable>();
        await using (var command = new NpgsqlCommand(TablesSql, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = AppendOnlyTrigger });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (NotBackedUp.Contains(name) || (name != TenantTable.Registry && !reader.GetBoolean(5)))
                {
                    continue;
                }

                tables.Add(new TenantTable(name, reader.GetFieldValue<string[]>(1), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3),
                    reader.GetFieldValue<string[]>(4)));
            }
        }

        if (!tables.Any(t => t.IsRegistry))
        {
            throw new InvalidOperationException("The tenant registry is not readable by this role.");
        }

        return InReferenceOrder(tables);
    }

    /// <summary>Kahn's algorithm, ties broken by name so the order is stable; references outside the set are ignored.</summary>
    internal static IReadOnlyList<TenantTable> InReferenceOrder(IReadOnlyList<TenantTable> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var waitingOn = tables.ToDictionary(t => t.Name, t => t.References.Where(byName.ContainsKey).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var ordered = new List<TenantTable>(tables.Count);
        var ready = new SortedSet<string>(waitingOn.Where(w => w.Value.Count == 0).Select(w => w.Key), StringComparer.Ordinal);
        // The registry is referenced by everything: it goes first whatever its name sorts as.
        if (ready.Remove(TenantTable.Registry))
        {
            Take(TenantTable.Registry);
        }

        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            Take(next);
        }

        if (ordered.Count != tables.Count)
        {
            var cycle = string.Join(", ", waitingOn.Where(w => w.Value.Count > 0).Select(w => w.Key));
            throw new InvalidOperationException($"Tenant tables reference each other in a cycle: {cycle}.");
        }

        return ordered;

        void Take(string name)
        {
            ordered.Add(byName[name]);
            waitingOn.Remove(name);
            foreach (var (table, references) in waitingOn)
            {
                if (references.Remove(name) && references.Count == 0)
                {
                    ready.Add(table);
                }
            }
        }
    }
}
