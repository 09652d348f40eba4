using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Core.Tenancy;
using Viggotech.ServiceDefaults.KeyVault;
using Viggotech.Testing;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

/// <summary>Encrypted people and documents on the running platform: its Postgres, Key Vault emulator, Azurite and Worker.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EncryptedDataTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_platforms_worker_reencrypts_a_tenant_after_a_data_key_rotation()
    {
        using var app = await AppServicesAsync();
        Guid tenantId;
        await using (var signUp = TenantScope.For(app.Services, null))
        {
            var slug = $"enc-{Guid.NewGuid():N}"[..14];
            tenantId = await signUp.Db.CreateTenantAsync("Encrypted Ltd", slug);
        }

        var keys = app.Services.GetRequiredService<TenantKeys>();
        await keys.CreateForTenantAsync(tenantId);
        var content = RandomNumberGenerator.GetBytes(300_000);
        Person person;
        Guid documentId;
        await using (var scope = TenantScope.For(app.Services, tenantId))
        {
            person = await scope.Services.GetRequiredService<PeopleRepository>()
                .CreateAsync(new PersonInput("Mary Somerville", "mary@example.org", Notes: "Mechanism of the Heavens"));
            documentId = (await scope.Services.GetRequiredService<DocumentStore>()
                .UploadAsync(new DocumentUpload("heavens.pdf", "application/pdf"), new MemoryStream(content))).Id;
        }

        await keys.RotateDataKeyAsync(tenantId);

        // The test platform's Worker runs its key-reencryption job every 2 seconds (30 in production).
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while ((await keys.LatestRotationAsync(tenantId))!.Status != RotationStatus.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, "The platform's Worker did not complete the rotation.");
            await Task.Delay(500);
        }

        Assert.Equal(DataKeyStatus.Retired, (await keys.ListAsync(tenantId)).Single(k => k.Version == 1).Status);
        await using var reading = TenantScope.For(app.Services, tenantId);
        Assert.Equal(person, await reading.Services.GetRequiredService<PeopleRepository>().GetAsync(person.Id));
        await using var download = await reading.Services.GetRequiredService<DocumentStore>().OpenReadAsync(documentId);
        using var copy = new MemoryStream();
        await download!.Content.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    /// <summary>The app services as the Api wires them, on the platform's connection strings, trusting its local CA.</summary>
    private async Task<IHost> AppServicesAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformKeyVault.ConnectionName}"] = platform.Endpoint(ResourceNames.KeyVault, "https").ToString(),
            [PlatformKeyVault.EmulatorSetting] = "true",
            [$"ConnectionStrings:{DocumentsOptions.StorageConnectionName}"] = await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.StorageRegionA),
        };
        return PlatformTestDatabase.BuildAppHost(await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.Database), builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddPlatformKeyVault(options => options.Transport = new HttpClientTransport(platform.CreateTrustingHandler()));
            builder.AddPlatformEncryption();
            builder.AddPeople();
            builder.AddDocuments(options => options.Transport = new HttpClientTransport(platform.CreateTrustingHandler()));
        });
    }
}
