using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Data;

namespace Viggotech.Testing.Audit;

public static class RetentionTestTrail
{
    /// <summary>A tenant made through <c>create_tenant</c> alone, so its trail can start in the past with the test's own events.</summary>
    public static async Task<Guid> OldTenantAsync(this PlatformTestDatabase platform)
    {
        var slug = $"o-{Guid.NewGuid():N}"[..14];
        await using var connection = await platform.OpenAppConnectionAsync(null);
        return await connection.ScalarAsync<Guid>("select create_tenant($1, $2)", $"Tenant {slug}", slug);
    }

    public static async Task RecordAtAsync(this PlatformTestDatabase platform, Guid tenantId, params DateTimeOffset[] times)
    {
        await using var scope = platform.ForTenant(tenantId);
        var audit = scope.Audit();
        foreach (var time in times)
        {
            await scope.Db.InTransactionAsync(ct => audit.RecordAsync(
                new AuditEvent(tenantId.ToString(), time, new AuditActor(AuditActorType.User, "user-1"), "user.signin", null, AuditResult.Success), ct));
        }
    }

    public static async Task<AuditPruneOutcome?> PruneAsync(this PlatformTestDatabase platform, Guid tenantId, IAuditSigner signer)
    {
        await using var scope = platform.ForTenant(tenantId);
        return await scope.Services.GetRequiredService<TenantAuditPruner>().PruneAsync(signer);
    }
}
