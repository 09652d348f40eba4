using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.ServiceDefaults.KeyVault;
using Viggotech.Testing;
using Viggotech.Testing.KeyVault;
using Viggotech.Testing.Storage;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>
/// The platform database, the Key Vault emulator and Azurite, with the app services wired as
/// the Api and Worker wire them (keys, people, documents) on top. One of each per run; tests
/// keep apart by using fresh tenants.
/// </summary>
public sealed class EncryptedPlatformFixture : IAsyncLifetime
{
    public const int BatchSize = 7;
    public const int DocumentBatchSize = 2;

    public PlatformTestDatabase Platform { get; private set; } = null!;

    public TestKeyVault KeyVault { get; private set; } = null!;

    public TestRegionalAzurite Azurite { get; private set; } = null!;

    public RecordedKeyEvents Events { get; } = new();

    public IServiceProvider Services => Platform.Services;

    public TenantKeys Keys => Services.GetRequiredService<TenantKeys>();

    public DataKeyCache KeyCache => Services.GetRequiredService<DataKeyCache>();

    public SecretClient Vault { get; private set; } = null!;

    public BlobContainerClient Documents => Services.GetRequiredService<DocumentContainer>().Client;

    public async Task InitializeAsync()
    {
        KeyVault = await TestKeyVault.StartAsync();
        Azurite = await TestRegionalAzurite.StartAsync();
        Vault = KeyVault.CreateClient();
        Platform = await PlatformTestDatabase.StartAsync(builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings());
            builder.AddPlatformKeyVault(KeyVault.Configure);
            builder.AddPlatformEncryption();
            builder.AddPeople();
            builder.AddDocuments();
            builder.Services.AddSingleton<IKeyEventSink>(Events);
        });
    }

    /// <summary>The configuration the app services get, also handed to a Worker process.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        [$"ConnectionStrings:{PlatformKeyVault.ConnectionName}"] = KeyVault.VaultUri.ToString(),
        [PlatformKeyVault.EmulatorSetting] = "true",
        [$"ConnectionStrings:{DocumentsOptions.StorageConnectionName}"] = Azurite.RegionAConnectionString,
        ["Crypto:ReencryptionBatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Crypto:ReencryptionDocumentBatchSize"] = DocumentBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Small chunks and blocks, so a document of a few hundred kilobytes spans many of both.
        ["Documents:ChunkSize"] = "4096",
        ["Documents:BlockSize"] = "65536",
    };

    /// <summary>
    /// The environment of a Worker process on this platform that runs <paramref name="job"/> alone,
    /// every second. Alone, because the collection shares one database: another job, or this one
    /// on its production interval, run by an earlier test's Worker would push this job's next run
    /// (anchored in <c>platform.job_leases</c>) out of the test's reach.
    /// </summary>
    public Dictionary<string, string> WorkerEnvironment(string job)
    {
        var environment = Settings()
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value!);
        environment[$"ConnectionStrings__{PlatformDatabase.AppConnectionName}"] = Platform.ConnectionStrings.App;
        environment["Worker__OnlyJobs__0"] = job;
        environment[$"Jobs__{job}__Interval"] = "00:00:01";
        // The emulator's self-signed certificate is the only root this process trusts.
        environment["SSL_CERT_FILE"] = KeyVault.CertificatePath;
        return environment;
    }

    /// <summary>A new tenant with its keys, as sign-up makes it.</summary>
    public async Task<Guid> NewTenantAsync()
    {
        var tenantId = await Platform.NewTenantAsync();
        await Keys.CreateForTenantAsync(tenantId);
        return tenantId;
    }

    public TenantScope ForTenant(Guid tenantId) => Platform.ForTenant(tenantId);

    public async Task DisposeAsync()
    {
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }

        if (KeyVault is not null)
        {
            await KeyVault.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EncryptedPlatformCollection : ICollectionFixture<EncryptedPlatformFixture>
{
    public const string Name = "Encrypted platform";
}
