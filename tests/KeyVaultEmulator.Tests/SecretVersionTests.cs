using Azure;
using Azure.Security.KeyVault.Secrets;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>Setting, reading, listing and updating secrets through the unmodified SecretClient.</summary>
public sealed class SecretVersionTests(RunningEmulator emulator) : IClassFixture<RunningEmulator>
{
    private readonly SecretClient client = emulator.CreateClient();

    [Fact]
    public async Task Setting_a_secret_twice_creates_two_versions_and_get_returns_the_latest()
    {
        var name = UniqueName();

        KeyVaultSecret first = await client.SetSecretAsync(name, "first");
        KeyVaultSecret second = await client.SetSecretAsync(name, "second");
        KeyVaultSecret latest = await client.GetSecretAsync(name);
        KeyVaultSecret older = await client.GetSecretAsync(name, first.Properties.Version);

        Assert.NotEqual(first.Properties.Version, second.Properties.Version);
        Assert.Equal("second", latest.Value);
        Assert.Equal(second.Properties.Version, latest.Properties.Version);
        Assert.Equal("first", older.Value);
    }

    [Fact]
    public async Task Get_by_version_returns_that_versions_value()
    {
        var name = UniqueName();
        KeyVaultSecret first = await client.SetSecretAsync(name, "first");
        await client.SetSecretAsync(name, "second");

        KeyVaultSecret old = await client.GetSecretAsync(name, first.Properties.Version);

        Assert.Equal("first", old.Value);
        Assert.Equal(first.Properties.Version, old.Properties.Version);
    }

    [Fact]
    public async Task Secret_ids_are_urls_on_the_emulators_host_with_32_hex_digit_versions()
    {
        var name = UniqueName();

        KeyVaultSecret secret = await client.SetSecretAsync(name, "value");

        Assert.Equal(new Uri(emulator.VaultUri, $"/secrets/{name}/{secret.Properties.Version}"), secret.Id);
        Assert.Equal(emulator.VaultUri, secret.Properties.VaultUri);
        Assert.Equal(name, secret.Name);
        Assert.Matches("^[0-9a-f]{32}$", secret.Properties.Version);
    }

    [Fact]
    public async Task Content_type_tags_and_dates_are_kept()
    {
        var name = UniqueName();
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds());
        var expires = notBefore.AddDays(30);
        var secret = new KeyVaultSecret(name, "{\"k\":1}")
        {
            Properties = { ContentType = "application/json", NotBefore = notBefore, ExpiresOn = expires, Tags = { ["tenant"] = "t1" } },
        };

        await client.SetSecretAsync(secret);
        KeyVaultSecret read = await client.GetSecretAsync(name);

        Assert.Equal("{\"k\":1}", read.Value);
        Assert.Equal("application/json", read.Properties.ContentType);
        Assert.Equal("t1", read.Properties.Tags["tenant"]);
        Assert.Equal(notBefore, read.Properties.NotBefore);
        Assert.Equal(expires, read.Properties.ExpiresOn);
        Assert.True(read.Properties.Enabled);
        Assert.Equal("Recoverable+Purgeable", read.Properties.RecoveryLevel);
        Assert.Equal(90, read.Properties.RecoverableDays);
        Assert.NotNull(read.Properties.CreatedOn);
    }

    [Fact]
    public async Task Listing_versions_returns_every_version()
    {
        var name = UniqueName();
        var versions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            KeyVaultSecret set = await client.SetSecretAsync(name, $"value-{i}");
            versions.Add(set.Properties.Version);
        }

        var listed = new List<SecretProperties>();
        await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name))
        {
            listed.Add(properties);
        }

        Assert.Equal(versions.Order(), listed.Select(p => p.Version).Order());
        Assert.All(listed, p => Assert.Equal(name, p.Name));
    }

    [Fact]
    public async Task Listing_secrets_follows_next_links_across_pages()
    {
        // More than the 25 entries of one page, so the client has to follow nextLink.
        var prefix = UniqueName();
        var names = Enumerable.Range(0, 30).Select(i => $"{prefix}-{i:D2}").ToList();
        foreach (var name in names)
        {
            await client.SetSecretAsync(name, "v");
        }

        var pages = 0;
        var listed = new List<string>();
        await foreach (var page in client.GetPropertiesOfSecretsAsync().AsPages())
        {
            pages++;
            listed.AddRange(page.Values.Select(p => p.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
            Assert.All(page.Values, p => Assert.Null(p.Version));
        }

        Assert.Equal(names, listed.Order(StringComparer.Ordinal));
        Assert.True(pages >= 2, $"expected several pages, got {pages}");
    }

    [Fact]
    public async Task Updating_properties_keeps_the_value()
    {
        var name = UniqueName();
        KeyVaultSecret set = await client.SetSecretAsync(name, "kept");
        set.Properties.ContentType = "text/plain";
        set.Properties.Tags["purpose"] = "kek";

        SecretProperties updated = await client.UpdateSecretPropertiesAsync(set.Properties);
        KeyVaultSecret read = await client.GetSecretAsync(name);

        Assert.Equal("text/plain", updated.ContentType);
        Assert.Equal("kept", read.Value);
        Assert.Equal("kek", read.Properties.Tags["purpose"]);
        Assert.Equal(set.Properties.Version, read.Properties.Version);
    }

    [Fact]
    public async Task Disabled_secret_value_is_forbidden()
    {
        var name = UniqueName();
        KeyVaultSecret set = await client.SetSecretAsync(name, "hidden");
        set.Properties.Enabled = false;
        await client.UpdateSecretPropertiesAsync(set.Properties);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));

        Assert.Equal(403, error.Status);
        Assert.Equal("Forbidden", error.ErrorCode);
    }

    [Fact]
    public async Task Missing_secret_is_not_found_with_key_vault_error_code()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(UniqueName()));

        Assert.Equal(404, error.Status);
        Assert.Equal("SecretNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task Secret_names_ignore_case()
    {
        var name = UniqueName();
        await client.SetSecretAsync(name, "value");

        KeyVaultSecret read = await client.GetSecretAsync(name.ToUpperInvariant());

        Assert.Equal("value", read.Value);
        Assert.Equal(name, read.Name);
    }

    [Fact]
    public async Task Concurrent_sets_of_one_secret_keep_every_version()
    {
        var name = UniqueName();

        var sets = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.SetSecretAsync(name, $"value-{i}")));
        var listed = new List<string>();
        await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name))
        {
            listed.Add(properties.Version);
        }

        Assert.Equal(sets.Select(s => s.Value.Properties.Version).Order(), listed.Order());
    }

    private static string UniqueName() => "s-" + Guid.NewGuid().ToString("N");
}
