using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.KeyVaultEmulator.Secrets;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>Soft delete, recover and purge through the unmodified SecretClient.</summary>
public sealed class SoftDeleteTests(RunningEmulator emulator) : IClassFixture<RunningEmulator>
{
    private readonly SecretClient client = emulator.CreateClient();

    [Fact]
    public async Task Deleted_secret_shows_recovery_id_and_scheduled_purge_date()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "value");

        var operation = await client.StartDeleteSecretAsync(name);
        await operation.WaitForCompletionAsync();
        DeletedSecret deleted = await client.GetDeletedSecretAsync(name);

        Assert.Equal(new Uri(emulator.VaultUri, $"/deletedsecrets/{name}"), deleted.RecoveryId);
        Assert.NotNull(deleted.DeletedOn);
        Assert.Equal(deleted.DeletedOn!.Value.AddDays(90), deleted.ScheduledPurgeDate);
        Assert.InRange(deleted.DeletedOn.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(operation.Value.RecoveryId, deleted.RecoveryId);
    }

    [Fact]
    public async Task Deleted_secret_is_hidden_from_get_and_listings_but_listed_as_deleted()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "value");

        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));
        Assert.Equal(404, error.Status);
        Assert.DoesNotContain(name, await Names(client.GetPropertiesOfSecretsAsync()));
        Assert.Contains(name, await Names(client.GetDeletedSecretsAsync()));
    }

    [Fact]
    public async Task Recovered_secret_comes_back_with_its_value_and_versions()
    {
        var name = UniqueName();
        KeyVaultSecret first = await client.SetSecretAsync(name, "first");
        await client.SetSecretAsync(name, "second");
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();

        var recovery = await client.StartRecoverDeletedSecretAsync(name);
        await recovery.WaitForCompletionAsync();

        KeyVaultSecret latest = await client.GetSecretAsync(name);
        KeyVaultSecret old = await client.GetSecretAsync(name, first.Properties.Version);
        Assert.Equal("second", latest.Value);
        Assert.Equal("first", old.Value);
        Assert.DoesNotContain(name, await Names(client.GetDeletedSecretsAsync()));
    }

    [Fact]
    public async Task Purged_secret_is_gone()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "value");
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();

        await client.PurgeDeletedSecretAsync(name);

        var live = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));
        var deleted = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name));
        Assert.Equal(404, live.Status);
        Assert.Equal(404, deleted.Status);
        Assert.Equal("SecretNotFound", deleted.ErrorCode);
    }

    [Fact]
    public async Task Purged_name_can_be_set_again_from_scratch()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "old");
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await client.PurgeDeletedSecretAsync(name);

        await client.SetSecretAsync(name, "new");

        Assert.Single(await Names(client.GetPropertiesOfSecretVersionsAsync(name)));
    }

    [Fact]
    public async Task Setting_a_deleted_secret_conflicts()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "value");
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(name, "again"));

        Assert.Equal(409, error.Status);
        Assert.Equal("Conflict", error.ErrorCode);
    }

    [Fact]
    public async Task Purging_a_secret_that_is_not_deleted_is_not_found()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "value");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.PurgeDeletedSecretAsync(name));

        Assert.Equal(404, error.Status);
        Assert.Equal("value", (await client.GetSecretAsync(name)).Value.Value);
    }

    [Fact]
    public async Task Deleted_secrets_past_their_purge_date_are_purged()
    {
        var expired = UniqueName();
        await client.SetSecretAsync(expired, "value");
        await (await client.StartDeleteSecretAsync(expired)).WaitForCompletionAsync();
        DeletedSecret deleted = await client.GetDeletedSecretAsync(expired);
        var vault = emulator.Services.GetRequiredService<SecretVault>();

        await vault.PurgeExpiredAsync(deleted.ScheduledPurgeDate!.Value.AddSeconds(-1));
        Assert.NotNull((await client.GetDeletedSecretAsync(expired)).Value);

        await vault.PurgeExpiredAsync(deleted.ScheduledPurgeDate!.Value);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(expired));
        Assert.Equal(404, error.Status);
    }

    private static async Task<List<string>> Names(AsyncPageable<SecretProperties> pageable)
    {
        var names = new List<string>();
        await foreach (var properties in pageable)
        {
            names.Add(properties.Name);
        }

        return names;
    }

    private static async Task<List<string>> Names(AsyncPageable<DeletedSecret> pageable)
    {
        var names = new List<string>();
        await foreach (var secret in pageable)
        {
            names.Add(secret.Name);
        }

        return names;
    }

    private static string UniqueName() => "d-" + Guid.NewGuid().ToString("N");
}
