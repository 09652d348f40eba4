using Npgsql;
using Viggotech.Core.Identity;

namespace Viggotech.Core.Operators;

/// <summary>Who operates the platform: written only by the migration step (the Api reads the table on operator requests).</summary>
public static class PlatformOperators
{
    /// <summary>
    /// Makes the operator list exactly <paramref name="emails"/>: adds the missing ones, removes the
    /// rest. Needs the owner role (the app role may only read the list). Returns (added, removed).
    /// </summary>
    public static async Task<(int Added, int Removed)> SyncAsync(NpgsqlConnection owner, IEnumerable<string> emails, CancellationToken cancellationToken = default)
    {
        var wanted = emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(AccountEmail.Normalize).Distinct(StringComparer.Ordinal).ToArray();
        await using var transaction = await owner.BeginTransactionAsync(cancellationToken);
        await using var remove = new NpgsqlCommand("delete from platform.operators where not (normalized_email = any($1))", owner, transaction);
        remove.Parameters.Add(new NpgsqlParameter { Value = wanted });
        var removed = await remove.ExecuteNonQueryAsync(cancellationToken);
        await using var add = new NpgsqlCommand(
            "insert into platform.operators (normalized_email) select unnest($1::text[]) on conflict do nothing", owner, transaction);
        add.Parameters.Add(new NpgsqlParameter { Value = wanted });
        var added = await add.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (added, removed);
    }
}
