using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.Identity;

/// <summary>
/// Moves the users' authenticator secrets onto the new data key after a rotation, like the
/// tables' encrypted columns: picked by the key version inside their envelope, locked for the
/// batch, so an enrolment at the same time either lands before (and is moved) or waits and then
/// writes under the active key. Without it a secret would keep the old version in use for ever.
/// </summary>
internal sealed class AuthenticatorKeyTarget : IReencryptionTarget
{
    // The envelope is base64 after the prefix; its bytes 2 to 5 are the key version.
    private const string Outdated =
        "login_provider = '" + AuthenticatorKeys.Provider + "' and name = '" + AuthenticatorKeys.Name + "' and value like '" + AuthenticatorKeys.Prefix + "%' " +
        "and substring(decode(substring(value from 6), 'base64') from 2 for 4) <> int4send(@target)";

    public string Name => "user_tokens:authenticator_key";

    public async Task<ReencryptionBatchResult> ReencryptBatchAsync(ReencryptionBatch batch, Guid? cursor, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid UserId, string Value)>();
        await using (var select = Command(batch, $"select user_id, value from user_tokens where user_id > @cursor and {Outdated} order by user_id limit @limit for update"))
        {
            select.Parameters.Add(new NpgsqlParameter<Guid>("cursor", cursor ?? Guid.Empty) { NpgsqlDbType = NpgsqlDbType.Uuid });
            select.Parameters.Add(new NpgsqlParameter<int>("target", batch.Target.Version));
            select.Parameters.Add(new NpgsqlParameter<int>("limit", batch.BatchSize));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        if (rows.Count == 0)
        {
            return new ReencryptionBatchResult(cursor, 0, 0, Finished: true);
        }

        foreach (var (userId, value) in rows)
        {
            var plaintext = await batch.Reader.ReadBytesAsync(AuthenticatorKeys.Column, userId, Convert.FromBase64String(value[AuthenticatorKeys.Prefix.Length..]), cancellationToken);
            try
            {
                var envelope = new byte[FieldCipher.EnvelopeLength(plaintext.Length)];
                FieldCipher.Encrypt(batch.Target, AuthenticatorKeys.Column, userId, plaintext, envelope);
                await using var update = Command(batch,
                    "update user_tokens set value = @value where user_id = @user and login_provider = '" + AuthenticatorKeys.Provider + "' and name = '" + AuthenticatorKeys.Name + "'");
                update.Parameters.Add(new NpgsqlParameter<string>("value", AuthenticatorKeys.Prefix + Convert.ToBase64String(envelope)));
                update.Parameters.Add(new NpgsqlParameter<Guid>("user", userId));
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        return new ReencryptionBatchResult(rows[^1].UserId, rows.Count, 0, Finished: rows.Count < batch.BatchSize);
    }

    public async Task<bool> HasOtherVersionsAsync(ReencryptionBatch batch, CancellationToken cancellationToken)
    {
        await using var exists = Command(batch, $"select exists (select 1 from user_tokens where {Outdated})");
        exists.Parameters.Add(new NpgsqlParameter<int>("target", batch.Target.Version));
        return await exists.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static NpgsqlCommand Command(ReencryptionBatch batch, string sql) => new(sql,
        (NpgsqlConnection)batch.Db.Database.GetDbConnection(),
        (NpgsqlTransaction)(batch.Db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Re-encryption batches run inside a transaction.")));
}
