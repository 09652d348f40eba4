using Azure.Security.KeyVault.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Storage;
using Viggotech.Testing;
using Viggotech.Testing.Audit;
using Viggotech.Worker.Audit;

namespace Viggotech.Worker.Tests.Audit;

[Collection(WorkerPlatformCollection.Name)]
public sealed class AuditSealJobTests(WorkerPlatformFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task The_seal_job_signs_every_tenants_new_events_with_a_published_key_version_from_key_vault()
    {
        var a = await Platform.NewTenantAsync();
        var b = await Platform.NewTenantAsync();
        await Platform.AddAuditedNoteAsync(a, "a's note");

        await fixture.RunAsync<AuditSealJob>();

        var current = (await fixture.Vault.CreateClient().GetSecretAsync(WorkerPlatformFixture.SigningKeySecret)).Value;
        Assert.Equal("application/x-pem-file", current.Properties.ContentType);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", current.Value, StringComparison.Ordinal);
        var kid = $"{WorkerPlatformFixture.SigningKeySecret}/{current.Properties.Version}";
        foreach (var (tenant, last) in new[] { (a, 2L), (b, 1L) })
        {
            await using var scope = Platform.ForTenant(tenant);
            var seal = await scope.Db.AuditSeals.SingleAsync();
            Assert.Equal((last, kid), (seal.LastSeq, seal.KeyId));
            var verification = await Platform.VerifyExportAsync(tenant);
            Assert.True(verification.IsValid, verification.Problem?.Message);
            Assert.Equal(last, verification.SealedThrough);
        }
    }

    [Fact]
    public async Task After_rotation_the_new_version_signs_and_seals_made_with_the_old_one_still_verify()
    {
        var tenant = await Platform.NewTenantAsync();
        await fixture.RunAsync<AuditSealJob>();
        await using (var scope = Platform.Services.CreateAsyncScope())
        {
            using var rotated = await scope.ServiceProvider.GetRequiredService<AuditSigningKeyVault>().RotateAsync();
        }
        await Platform.AddAuditedNoteAsync(tenant, "after rotation");

        await fixture.RunAsync<AuditSealJob>();

        await using var check = Platform.ForTenant(tenant);
        var kids = await check.Db.AuditSeals.OrderBy(s => s.LastSeq).Select(s => s.KeyId).ToListAsync();
        Assert.Equal(2, kids.Distinct().Count());
        var versions = await fixture.Vault.CreateClient().GetPropertiesOfSecretVersionsAsync(WorkerPlatformFixture.SigningKeySecret)
            .Select(v => $"{v.Name}/{v.Version}").ToListAsync();
        Assert.Subset(versions.ToHashSet(), kids.ToHashSet());
        using var published = await check.Db.LoadAuditKeysAsync();
        Assert.All(versions, kid => Assert.True(published.Contains(kid), $"{kid} is not published"));
        var verification = await Platform.VerifyExportAsync(tenant);
        Assert.True(verification.IsValid, verification.Problem?.Message);
        Assert.Equal(2, verification.Seals);
    }

    [Fact]
    public async Task A_key_version_older_than_its_lifetime_is_replaced_before_it_signs()
    {
        await fixture.RunAsync<AuditSealJob>();
        var vault = fixture.Vault.CreateClient();
        var before = (await vault.GetSecretAsync(WorkerPlatformFixture.SigningKeySecret)).Value.Properties.Version;
        var keys = new AuditSigningKeyVault(vault,
            Options.Create(new AuditOptions { SigningKeySecret = WorkerPlatformFixture.SigningKeySecret, SigningKeyLifetime = TimeSpan.Zero }),
            TimeProvider.System, NullLogger<AuditSigningKeyVault>.Instance);

        using var signer = await keys.CurrentSignerAsync();

        var after = (await vault.GetSecretAsync(WorkerPlatformFixture.SigningKeySecret)).Value.Properties.Version;
        Assert.NotEqual(before, after);
        Assert.Equal($"{WorkerPlatformFixture.SigningKeySecret}/{after}", signer.KeyId);
    }
}
