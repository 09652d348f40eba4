using Npgsql;
using Viggotech.Core.Backups.Format;

namespace Viggotech.Core.Backups.Verification;

/// <summary>A backup restored and checked in the scratch database, still inside its transaction: what a restore reads the rows from.</summary>
public sealed class ScratchSession(NpgsqlConnection connection, NpgsqlTransaction transaction, BackupManifest manifest, RestoreCheck check)
{
    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    public BackupManifest Manifest => manifest;

    public RestoreCheck Check => check;
}
