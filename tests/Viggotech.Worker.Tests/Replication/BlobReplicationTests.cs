using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Data;
using Viggotech.Testing;
using Viggotech.Testing.Storage;
using Viggotech.Worker.Jobs;
using Viggotech.Worker.Replication;
using Viggotech.Worker.Tests.Jobs;

namespace Viggotech.Worker.Tests.Replication;

/// <summary>The blob-replication job against a real Azurite holding both regional accounts, which the test can stop and start.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class BlobReplicationTests(PlatformDatabaseFixture fixture) : IAsyncLifetime
{
    private TestRegionalAzurite azurite = null!;

    public async Task InitializeAsync() => azurite = await TestRegionalAzurite.StartAsync();

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    [Fact]
    public async Task Queued_blob_reaches_region_b_by_server_side_copy()
    {
        var (container, name, content) = await UploadToRegionAAsync();
        using var worker = BuildWorker();
        await worker.StartAsync();

        await EnqueueAsync(worker, container, name);
        await LeaseCoordinationTests.WaitForAsync(async () => await StatusAsync(container, name) == BlobCopyStatus.Copied, 20, () => LastErrorAsync(container, name));
        await worker.StopAsync();

        var copied = await RegionB().GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync();
        Assert.Equal(content, copied.Value.Content.ToArray());
    }

    [Fact]
    public async Task Copy_that_fails_while_storage_is_down_completes_after_it_returns()
    {
        var (container, name, content) = await UploadToRegionAAsync();
        await azurite.StopAsync();
        using var worker = BuildWorker();
        await worker.StartAsync();

        await EnqueueAsync(worker, container, name);
        await LeaseCoordinationTests.WaitForAsync(async () => await AttemptsAsync(container, name) >= 2, 40);
        Assert.Equal(BlobCopyStatus.Pending, await StatusAsync(container, name));
        Assert.NotNull(await LastErrorAsync(container, name));

        await azurite.StartAgainAsync();
        await LeaseCoordinationTests.WaitForAsync(async () => await StatusAsync(container, name) == BlobCopyStatus.Copied, 40, () => LastErrorAsync(container, name));
        await worker.StopAsync();

        var copied = await RegionB().GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync();
        Assert.Equal(content, copied.Value.Content.ToArray());
        Assert.Null(await LastErrorAsync(container, name));
    }

    [Fact]
    public async Task Enqueueing_a_blob_twice_while_it_waits_queues_one_copy()
    {
        var container = "twice-" + Guid.NewGuid().ToString("N")[..8];
        using var host = BuildWorker();
        await EnqueueAsync(host, container, "a.bin");
        await EnqueueAsync(host, container, "a.bin");

        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        Assert.Equal(1L, await connection.ScalarAsync<long>("select count(*) from platform.blob_copies where container = $1", container));
    }

    private IHost BuildWorker()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App,
            [$"ConnectionStrings:{RegionalStorage.RegionAConnectionName}"] = azurite.RegionAConnectionString,
            [$"ConnectionStrings:{RegionalStorage.RegionBConnectionName}"] = azurite.RegionBConnectionString,
            ["Worker:LeaseDuration"] = "00:00:05",
            [$"Worker:Jobs:{BlobReplicationJob.Name}:Interval"] = "00:00:01",
        });
        builder.Services.AddLogging();
        builder.AddPlatformData();
        builder.AddRecurringJobs();
        builder.AddBlobReplication();
        return builder.Build();
    }

    private static async Task EnqueueAsync(IHost host, string container, string name)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReplicationQueue>().EnqueueAsync(container, name);
    }

    private async Task<(string Container, string Name, byte[] Content)> UploadToRegionAAsync()
    {
        var container = "docs-" + Guid.NewGuid().ToString("N")[..8];
        var content = RandomNumberGenerator.GetBytes(300 * 1024);
        var client = new BlobServiceClient(azurite.RegionAConnectionString).GetBlobContainerClient(container);
        await client.CreateAsync();
        await client.GetBlobClient("folder/file.bin").UploadAsync(BinaryData.FromBytes(content));
        return (container, "folder/file.bin", content);
    }

    private BlobServiceClient RegionB() => new(azurite.RegionBConnectionString);

    private async Task<string?> StatusAsync(string container, string name) =>
        await ScalarAsync<string?>("select status from platform.blob_copies where container = $1 and blob_name = $2 order by id desc limit 1", container, name);

    private async Task<int> AttemptsAsync(string container, string name) =>
        await ScalarAsync<int>("select attempts from platform.blob_copies where container = $1 and blob_name = $2 order by id desc limit 1", container, name);

    private async Task<string?> LastErrorAsync(string container, string name) =>
        await ScalarAsync<string?>("select last_error from platform.blob_copies where container = $1 and blob_name = $2 order by id desc limit 1", container, name);

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        return await connection.ScalarAsync<T>(sql, parameters);
    }
}
