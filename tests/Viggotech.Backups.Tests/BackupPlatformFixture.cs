using System.Text;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.ServiceDefaults.KeyVault;
using Viggotech.Testing;
using Viggotech.Testing.KeyVault;
using Viggotech.Testing.Mail;
using Viggotech.Testing.Storage;

namespace Viggotech.Backups.Tests;

/// <summary>
/// The platform database with its scratch database, the Key Vault emulator and Azurite with both
/// regional accounts, with the services wired as the Worker wires them. Tests keep apart by
/// using fresh tenants.
/// </summary>
public sealed class BackupPlatformFixture : IAsyncLifetime
{
    public PlatformTestDatabase Platform { get; private set; } = null!;

    public TestKeyVault KeyVault { get; private set; } = null!;

    public TestRegionalAzurite Azurite { get; private set; } = null!;

    /// <summary>The platform's SMTP sink; operator alerts are mailed to <see cref="OperatorsEmail"/> there.</summary>
    public TestSmtp4dev Mail { get; private set; } = null!;

    public const string OperatorsEmail = "operators@viggotech.test";

    public IServiceProvider Services => Platform.Services;

    /// <summary>The configuration the services get besides the database (vault, storage, mail, backups), also for a Worker process.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    public SecretClient Vault { get; private set; } = null!;

    public BackupService Backups => Services.GetRequiredService<BackupService>();

    public BackupScheduler Scheduler => Services.GetRequiredService<BackupScheduler>();

    public BackupStorage Storage => Services.GetRequiredService<BackupStorage>();

    public TenantKeys Keys => Services.GetRequiredService<TenantKeys>();

    public async Task InitializeAsync()
    {
        var mail = TestSmtp4dev.StartAsync();
        KeyVault = await TestKeyVault.StartAsync();
        Azurite = await TestRegionalAzurite.StartAsync();
        Mail = await mail;
        Vault = KeyVault.CreateClient();
        Settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformKeyVault.ConnectionName}"] = KeyVault.VaultUri.ToString(),
            [PlatformKeyVault.EmulatorSetting] = "true",
            [$"ConnectionStrings:{RegionalStorage.RegionAConnectionName}"] = Azurite.RegionAConnectionString,
            [$"ConnectionStrings:{RegionalStorage.RegionBConnectionName}"] = Azurite.RegionBConnectionString,
            // Small chunks and blocks, so a backup of a small tenant still spans several of each.
            ["Backups:ChunkSize"] = "4096",
            ["Backups:BlockSize"] = "16384",
            ["ConnectionStrings:mail"] = Mail.SmtpConnectionString,
            ["Operators:AlertEmail"] = OperatorsEmail,
        };
        Platform = await PlatformTestDatabase.StartAsync(builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.AddPlatformKeyVault(KeyVault.Configure);
            builder.AddAuditTrail();
            builder.AddPlatformEncryption();
            builder.AddPeople();
            builder.AddDocuments();
            builder.AddBackups();
            builder.AddOperatorAlertMail();
            builder.AddDataExports();
        }, withScratchDatabase: true);
    }

    /// <summary>A new tenant with its keys, three people and two documents.</summary>
    public async Task<Guid> NewTenantAsync(int people = 3, int documents = 2)
    {
        var tenantId = await Platform.NewTenantAsync();
        await Keys.CreateForTenantAsync(tenantId);
        await using var scope = Platform.ForTenant(tenantId);
        var repository = scope.Services.GetRequiredService<PeopleRepository>();
        for (var i = 0; i < people; i++)
        {
            await repository.CreateAsync(new PersonInput($"Person {i}", $"person{i}@example.com", Notes: "Notes"));
        }

        var store = scope.Services.GetRequiredService<DocumentStore>();
        for (var i = 0; i < documents; i++)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"document {i} of {tenantId} ", 2000))));
            await store.UploadAsync(new DocumentUpload($"doc-{i}.txt", "text/plain"), content);
        }

        return tenantId;
    }

    /// <summary>Asks for a backup and runs it as the Worker's job would; returns it once completed.</summary>
    public async Task<BackupProgress> BackupAsync(Guid tenantId)
    {
        var backupId = await Backups.StartAsync(tenantId);
        await Scheduler.RunForTenantAsync(tenantId);
        var backup = await Backups.GetAsync(tenantId, backupId);
        Assert.NotNull(backup);
        Assert.True(backup.Status == BackupStatus.Completed, $"backup ended {backup.Status}: {backup.Error}");
        return backup;
    }

    public BlobClient Blob(BlobContainerClient container, Guid tenantId, Guid backupId, string name) =>
        container.GetBlobClient(BackupStorage.BlobName(tenantId, backupId, name));

    /// <summary>The open operator alerts about the tenant, read as the database owner would see them.</summary>
    public async Task<List<string>> AlertsAsync(Guid tenantId)
    {
        await using var scope = Platform.WithoutTenant();
        return await scope.Db.Database.SqlQuery<string>($"SELECT message AS \"Value\" FROM platform.operator_alerts WHERE concerns_tenant_id = {tenantId}").ToListAsync();
    }

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

        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BackupPlatformCollection : ICollectionFixture<BackupPlatformFixture>
{
    public const string Name = "Backup platform";
}
