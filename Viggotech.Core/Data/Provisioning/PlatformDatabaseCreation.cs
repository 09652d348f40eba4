using Npgsql;

namespace Viggotech.Core.Data.Provisioning;

internal static class PlatformDatabaseCreation
{
    /// <summary>Creates the database owned by the owner role, or hands an existing one to it.</summary>
    /// <returns>True when the database was created.</returns>
    public static async Task<bool> EnsureAsync(NpgsqlConnection admin, string database, DatabaseRole owner, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            "select pg_catalog.pg_get_userbyid(datdba) from pg_catalog.pg_database where datname = $1", admin);
        find.Parameters.Add(new() { Value = database });
        var currentOwner = (string?)await find.ExecuteScalarAsync(cancellationToken);

        if (currentOwner is null)
        {
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE {SqlIdentifier.Quote(database)} OWNER {SqlIdentifier.Quote(owner.Name)} ENCODING 'UTF8' TEMPLATE template0",
                admin);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
                return true;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another migration step created it between our look and our create: fall through.
            }
        }

        if (currentOwner != owner.Name)
        {
            await using var alter = new NpgsqlCommand(
                $"ALTER DATABASE {SqlIdentifier.Quote(database)} OWNER TO {SqlIdentifier.Quote(owner.Name)}", admin);
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        return false;
    }
}
