using System.Globalization;
using Npgsql;

namespace Viggotech.Core.Data.Provisioning;

/// <summary>
/// What the app role may do, set by the owner in the platform database. The app role owns
/// nothing, so it can neither change the schema nor switch row-level security off; it gets data
/// access (SELECT, INSERT, UPDATE, DELETE; only SELECT and INSERT on append-only tables) on tables, USAGE on sequences, and EXECUTE on the
/// functions in schema public, which is where the controlled entry points (create_tenant) live.
/// Functions the app must not call belong in another schema, on which it has no USAGE.
/// </summary>
internal static class AppRolePrivileges
{
    /// <summary>Before migrations: closes the database to everyone else and sets the default grants for what migrations create.</summary>
    public static Task RestrictDatabaseAsync(NpgsqlConnection owner, string database, DatabaseRole app, CancellationToken cancellationToken)
    {
        var db = SqlIdentifier.Quote(database);
        var role = SqlIdentifier.Quote(app.Name);
        return ExecuteInTransactionAsync(owner, $"""
            REVOKE ALL ON DATABASE {db} FROM PUBLIC;
            GRANT CONNECT ON DATABASE {db} TO {role};
            REVOKE ALL ON SCHEMA public FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO {role};
            ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO {role};
            """, cancellationToken);
    }

    /// <summary>
    /// After migrations: the same grants on everything that exists, for objects made before the
    /// defaults were in place or under another app role name; never the migration history.
    /// </summary>
    public static Task GrantAsync(NpgsqlConnection owner, DatabaseRole app, CancellationToken cancellationToken)
    {
        var role = SqlIdentifier.Quote(app.Name);
        // Platform tables: reset to nothing, then exactly the listed grants.
        var platformGrants = string.Join(";\n", PlatformSchema.AppGrants.Select(grant => string.Format(CultureInfo.InvariantCulture, grant, role)));
        return ExecuteInTransactionAsync(owner, $"""
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role};
            REVOKE ALL ON TABLE public."__EFMigrationsHistory" FROM {role};
            {RevokeChangesOnAppendOnlyTables(app)}
            GRANT USAGE ON SCHEMA {PlatformSchema.Name} TO {role};
            REVOKE ALL ON ALL TABLES IN SCHEMA {PlatformSchema.Name} FROM {role};
            REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {PlatformSchema.Name} FROM {role};
            {platformGrants};
            """, cancellationToken);
    }

    /// <summary>
    /// The grant above covers every table; append-only tables (marked by their trigger, see
    /// <see cref="Migrations.AppendOnlyMigrationBuilderExtensions"/>) lose UPDATE and DELETE again
    /// in the same transaction, so there is no moment at which the app role could change evidence.
    /// </summary>
    private static string RevokeChangesOnAppendOnlyTables(DatabaseRole app) => $"""
        DO $$
        DECLARE
            append_only regclass;
        BEGIN
            FOR append_only IN
                SELECT DISTINCT t.tgrelid::regclass FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE t.tgname = '{Migrations.AppendOnlyMigrationBuilderExtensions.TriggerName}' AND n.nspname = 'public'
            LOOP
                EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM %I', append_only, {SqlLiteral(app.Name)});
            END LOOP;
        END
        $$;
        """;

    private static string SqlLiteral(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static async Task ExecuteInTransactionAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
