using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Encryption;

[Collection(EncryptedPlatformCollection.Name)]
public sealed class CryptoShreddingTests(EncryptedPlatformFixture fixture)
{
    [Fact]
    public async Task After_the_tenant_key_is_destroyed_its_rows_and_blobs_remain_but_nothing_decrypts()
    {
        var (tenantId, personId, documentId) = await SeedAsync();
        var bystander = await SeedAsync();

        var destruction = await fixture.Keys.DestroyAsync(tenantId);

        Assert.True(destruction.Purged);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Vault.GetSecretAsync(KeyEncryptionKeys.SecretName(tenantId)));
        Assert.Equal(404, gone.Status);
        var notDeleted = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Vault.GetDeletedSecretAsync(KeyEncryptionKeys.SecretName(tenantId)));
        Assert.Equal(404, notDeleted.Status);

        await using (var scope = fixture.ForTenant(tenantId))
        {
            Assert.Equal(1, await scope.Db.People.CountAsync());
            Assert.Equal(1, await scope.Db.Documents.CountAsync());
            Assert.Single(await BlobsAsync(tenantId));

            var people = scope.Services.GetRequiredService<PeopleRepository>();
            var error = await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => people.GetAsync(personId));
            Assert.Contains("destroyed", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => people.ListAsync(1, 10));
            await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => people.CreateAsync(new PersonInput("New")));
            await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => scope.Services.GetRequiredService<DocumentStore>().OpenReadAsync(documentId));
        }

        Assert.Single(fixture.Events.For(tenantId, KeyEventKind.TenantKeyDestroyed));
        Assert.All(await fixture.Keys.ListAsync(tenantId), key => Assert.Equal(DataKeyStatus.Destroyed, key.Status));

        // Another tenant is untouched.
        await using var other = fixture.ForTenant(bystander.TenantId);
        Assert.NotNull(await other.Services.GetRequiredService<PeopleRepository>().GetAsync(bystander.PersonId));
    }

    [Fact]
    public async Task A_backup_of_the_wrapped_data_keys_is_useless_once_the_kek_is_purged()
    {
        var (tenantId, personId, documentId) = await SeedAsync();
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        var backup = await admin.ListAsync<byte[]>("select wrapped_key from tenant_data_keys where tenant_id = $1", tenantId);
        var kekVersion = await admin.ScalarAsync<string>("select kek_version from tenant_data_keys where tenant_id = $1", tenantId);

        await fixture.Keys.DestroyAsync(tenantId);

        // Restore the key table from the backup, as if the database were rolled back.
        await admin.ExecuteAsync(
            "update tenant_data_keys set wrapped_key = $1, kek_version = $2, status = 'active', destroyed_at = null where tenant_id = $3",
            Assert.Single(backup), kekVersion, tenantId);
        fixture.KeyCache.EvictTenant(tenantId);

        await using var scope = fixture.ForTenant(tenantId);
        await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => scope.Services.GetRequiredService<PeopleRepository>().GetAsync(personId));
        await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => scope.Services.GetRequiredService<DocumentStore>().OpenReadAsync(documentId));
    }

    [Fact]
    public async Task Destroying_again_after_a_partial_failure_finishes_the_job()
    {
        var (tenantId, _, _) = await SeedAsync();
        // As if an earlier attempt had deleted the secret in Key Vault and then stopped.
        await (await fixture.Vault.StartDeleteSecretAsync(KeyEncryptionKeys.SecretName(tenantId))).WaitForCompletionAsync();

        var destruction = await fixture.Keys.DestroyAsync(tenantId);
        Assert.True(destruction.Purged);
        Assert.True((await fixture.Keys.DestroyAsync(tenantId)).Purged);
    }

    private async Task<(Guid TenantId, Guid PersonId, Guid DocumentId)> SeedAsync()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var person = await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(new PersonInput("To Be Shredded", "shred@example.org"));
        var document = await scope.Services.GetRequiredService<DocumentStore>()
            .UploadAsync(new DocumentUpload("contract.pdf", "application/pdf"), new MemoryStream(RandomNumberGenerator.GetBytes(20_000)));
        return (tenantId, person.Id, document.Id);
    }

    private async Task<List<string>> BlobsAsync(Guid tenantId)
    {
        var names = new List<string>();
        await foreach (var item in fixture.Documents.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId:D}/" }))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
