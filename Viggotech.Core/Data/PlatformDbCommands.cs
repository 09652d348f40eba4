using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Viggotech.Core.Data;

/// <summary>
/// Raw commands on the platform context's own connection and open transaction, for work EF
/// would buffer or cannot express (streaming exports, batched appends). They run under the
/// same tenant session setting as the context's queries.
/// </summary>
internal static class PlatformDbCommands
{
    public static NpgsqlCommand CreateCommand(this PlatformDbContext db, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(),
            db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
