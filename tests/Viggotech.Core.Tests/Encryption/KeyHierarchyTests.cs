using Azure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.People;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Encryption;

[Collection(EncryptedPlatformCollection.Name)]
public sealed class KeyHierarchyTests(EncryptedPlatformFixture fixture)
{
    [Fact]
    public async Task Sign_up_creates_a_key_encryption_key_in_key_vault_and_one_wrapped_active_data_key()
    {
        var tenantId = await fixture.NewTenantAsync();

        var kek = (await fixture.Vault.GetSecretAsync(KeyEncryptionKeys.SecretName(tenantId))).Value;
        Assert.Equal(32, Convert.FromBase64String(kek.Value).Length);
        Assert.Equal(KeyEncryptionKeys.ContentType, kek.Properties.ContentType);

        await using var connection = await fixture.Platform.OpenAppConnectionAsync(tenantId);
        var wrapped = await connection.ListAsync<byte[]>("select wrapped_key from tenant_data_keys where status = 'active' and version = 1 and kek_version = $1",
            kek.Properties.Version);
        Assert.Equal(60, Assert.Single(wrapped).Length);
        Assert.Single(fixture.Events.For(tenantId, KeyEventKind.TenantKeysCreated));
    }

    [Fact]
    public async Task Creating_keys_again_keeps_the_existing_ones()
    {
        var tenantId = await fixture.NewTenantAsync();
        var before = await fixture.Keys.ListAsync(tenantId);

        await fixture.Keys.CreateForTenantAsync(tenantId);

        Assert.Equal(before, await fixture.Keys.ListAsync(tenantId));
        var versions = fixture.Vault.GetPropertiesOfSecretVersionsAsync(KeyEncryptionKeys.SecretName(tenantId));
        Assert.Equal(1, await versions.CountAsync());
    }

    [Fact]
    public async Task A_wrapped_data_key_copied_to_another_tenant_does_not_unwrap_there()
    {
        var (a, b) = (await fixture.NewTenantAsync(), await fixture.NewTenantAsync());
        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            // Even with B's own KEK version named, A's wrapped key is bound to A by its associated data.
            await admin.ExecuteAsync(
                "update tenant_data_keys set wrapped_key = (select wrapped_key from tenant_data_keys where tenant_id = $1) where tenant_id = $2",
                a, b);
        }

        await using var scope = fixture.ForTenant(b);
        var keyring = scope.Services.GetRequiredService<TenantKeyring>();
        var failure = await Assert.ThrowsAsync<DataIntegrityException>(async () => await keyring.AcquireAsync(1));
        Assert.Equal("tenant_data_keys.wrapped_key", failure.Target);
        Assert.NotEmpty(fixture.Events.For(b, KeyEventKind.IntegrityFailure));
    }

    [Fact]
    public async Task A_tenant_without_keys_cannot_write_encrypted_data()
    {
        var tenantId = await fixture.Platform.NewTenantAsync();

        await using var scope = fixture.ForTenant(tenantId);
        var people = scope.Services.GetRequiredService<PeopleRepository>();
        await Assert.ThrowsAsync<TenantKeyUnavailableException>(() => people.CreateAsync(new PersonInput("Ada Lovelace")));
        Assert.Equal(0, await scope.Db.People.CountAsync());
    }

    [Fact]
    public async Task Unwrapped_keys_are_cached_and_a_kek_read_happens_once_per_version()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var keyring = scope.Services.GetRequiredService<TenantKeyring>();

        using (await keyring.AcquireAsync(1))
        {
        }

        // Disable the KEK: a cached key needs no Key Vault read, so it still works.
        var name = KeyEncryptionKeys.SecretName(tenantId);
        var properties = (await fixture.Vault.GetSecretAsync(name)).Value.Properties;
        properties.Enabled = false;
        await fixture.Vault.UpdateSecretPropertiesAsync(properties);

        using (var cached = await keyring.AcquireAsync(1))
        {
            Assert.Equal(1, cached.Version);
        }

        fixture.KeyCache.EvictTenant(tenantId);
        await Assert.ThrowsAsync<TenantKeyUnavailableException>(async () => await keyring.AcquireAsync(1));

        properties.Enabled = true;
        await fixture.Vault.UpdateSecretPropertiesAsync(properties);
    }

    [Fact]
    public async Task A_value_naming_a_key_version_the_tenant_never_had_is_an_integrity_failure()
    {
        var tenantId = await fixture.NewTenantAsync();
        Guid id;
        await using (var scope = fixture.ForTenant(tenantId))
        {
            id = (await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(new PersonInput("Grace Hopper"))).Id;
        }

        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync("update people set name = overlay(name placing '\\x00000009'::bytea from 2 for 4) where id = $1", id);
        }

        await using var reading = fixture.ForTenant(tenantId);
        var failure = await Assert.ThrowsAsync<DataIntegrityException>(() => reading.Services.GetRequiredService<PeopleRepository>().GetAsync(id));
        Assert.Equal(IntegrityFailure.UnknownKeyVersion, failure.Failure);
    }

    [Fact]
    public async Task Kek_requests_for_a_missing_secret_report_a_destroyed_key_not_a_server_error()
    {
        var tenantId = Guid.NewGuid();
        var keks = fixture.Services.GetRequiredService<KeyEncryptionKeys>();

        var error = await Assert.ThrowsAsync<TenantKeyDestroyedException>(() => keks.GetAsync(tenantId, "00000000000000000000000000000000", default));
        Assert.IsType<RequestFailedException>(error.InnerException);
    }
}
