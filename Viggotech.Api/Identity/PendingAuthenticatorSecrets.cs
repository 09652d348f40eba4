using StackExchange.Redis;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// A new authenticator secret during the 15 minutes between "set up" and the first code that
/// proves the app has it. It waits in Redis sealed under the tenant's data key (AES-256-GCM, bound
/// to the user), like the enrolled secret in Postgres: a Redis dump or replica holds nothing that
/// mints codes. A value that does not decrypt counts as expired and the user starts again.
/// </summary>
public sealed class PendingAuthenticatorSecrets(IConnectionMultiplexer redis, TenantKeyring keyring)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static EncryptedColumn Column { get; } = new("authenticator_setup", "secret", FieldClassification.Sensitive);

    public static string RedisKey(Guid userId) => $"totp-setup:{userId:N}";

    public async Task KeepAsync(User user, string secret, CancellationToken cancellationToken = default)
    {
        using var lease = await keyring.AcquireAsync(await keyring.ActiveVersionAsync(cancellationToken), cancellationToken);
        var envelope = FieldCipher.Encrypt(lease, Column, user.Id, secret);
        await redis.GetDatabase().StringSetAsync(RedisKey(user.Id), envelope, Lifetime);
    }

    public async Task<string?> FindAsync(User user, CancellationToken cancellationToken = default)
    {
        var stored = await redis.GetDatabase().StringGetAsync(RedisKey(user.Id));
        if (stored.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            using var reader = keyring.CreateReader();
            return await reader.ReadAsync(Column, user.Id, (byte[])stored!, cancellationToken);
        }
        catch (DataIntegrityException)
        {
            // Recorded by the reader; a tampered or foreign value is no secret to enrol.
            return null;
        }
    }

    public Task ForgetAsync(User user) => redis.GetDatabase().KeyDeleteAsync(RedisKey(user.Id));
}
