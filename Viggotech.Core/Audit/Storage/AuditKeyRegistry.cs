using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Data;

namespace Viggotech.Core.Audit.Storage;

/// <summary>The published audit public keys: every version that ever signed, so old seals keep verifying.</summary>
public static class AuditKeyRegistry
{
    /// <summary>All published keys, for the JWKS endpoint and for exports.</summary>
    public static async Task<AuditKeySet> LoadAuditKeysAsync(this PlatformDbContext db, CancellationToken cancellationToken = default)
    {
        var rows = await db.AuditSigningKeys.AsNoTracking().OrderBy(k => k.KeyId).ToListAsync(cancellationToken);
        return new AuditKeySet(rows.Select(k => new AuditPublicKey(k.KeyId, k.X, k.Y)));
    }

    /// <summary>
    /// Publishes a key before it signs anything. Publishing the same key again is a no-op; a
    /// different key under a published key id is refused, since seals name keys by id.
    /// </summary>
    public static async Task PublishAuditKeyAsync(this PlatformDbContext db, AuditPublicKey key, CancellationToken cancellationToken = default)
    {
        await db.Database.ExecuteSqlAsync(
            $"insert into audit_signing_keys (kid, x, y) values ({key.KeyId}, {key.X}, {key.Y}) on conflict (kid) do nothing",
            cancellationToken);
        var stored = await db.AuditSigningKeys.AsNoTracking().SingleAsync(k => k.KeyId == key.KeyId, cancellationToken);
        if (stored.X != key.X || stored.Y != key.Y)
        {
            throw new InvalidOperationException($"Audit key id \"{key.KeyId}\" is already published with another key.");
        }
    }
}
