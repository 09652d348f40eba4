using Npgsql;

namespace Viggotech.Core.Data;

public static class ReadWriteTarget
{
    /// <summary>
    /// A connection string listing several hosts (primary and replica) without target session
    /// attributes would let Npgsql pick a read-only standby; the platform writes, so it must
    /// follow the primary. Single-host strings and explicit choices are left alone.
    /// </summary>
    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Host?.Contains(',') == true && string.IsNullOrEmpty(builder.TargetSessionAttributes))
        {
            builder.TargetSessionAttributes = "read-write";
        }

        return builder.ConnectionString;
    }
}
