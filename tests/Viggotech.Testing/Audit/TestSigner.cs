using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Storage;
using Viggotech.Testing;

namespace Viggotech.Testing.Audit;

public static class TestSigner
{
    /// <summary>A fresh P-256 signer, published like the Worker publishes its keys before signing.</summary>
    public static async Task<EcdsaAuditSigner> PublishedAsync(PlatformTestDatabase platform)
    {
        var signer = new EcdsaAuditSigner($"test-key/{Guid.NewGuid():N}", ECDsa.Create(ECCurve.NamedCurves.nistP256));
        await using var scope = platform.WithoutTenant();
        await scope.Db.PublishAuditKeyAsync(signer.PublicKey);
        return signer;
    }

    public static async Task<SignedAuditSeal?> SealAsync(this PlatformTestDatabase platform, Guid tenantId, IAuditSigner signer)
    {
        await using var scope = platform.ForTenant(tenantId);
        return await scope.Services.GetRequiredService<TenantAuditSealer>().SealAsync(signer);
    }
}
