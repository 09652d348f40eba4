using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class RegionalStorageTests(PlatformFixture platform)
{
    [Fact]
    public async Task Blob_written_in_region_a_is_copied_server_side_to_region_b()
    {
        var regionA = await ServiceAsync(ResourceNames.ConnectionStrings.StorageRegionA);
        var regionB = await ServiceAsync(ResourceNames.ConnectionStrings.StorageRegionB);
        var containerName = "copy-" + Guid.NewGuid().ToString("N")[..12];
        var source = regionA.GetBlobContainerClient(containerName);
        var target = regionB.GetBlobContainerClient(containerName);
        await source.CreateAsync();
        await target.CreateAsync();

        var content = BinaryData.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(256 * 1024));
        var sourceBlob = source.GetBlobClient("payload.bin");
        await sourceBlob.UploadAsync(content);

        var readable = sourceBlob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(10));
        var targetBlob = target.GetBlobClient("payload.bin");
        var copy = await targetBlob.StartCopyFromUriAsync(readable);
        await copy.WaitForCompletionAsync();

        var copied = await targetBlob.DownloadContentAsync();
        Assert.Equal(content.ToArray(), copied.Value.Content.ToArray());
        Assert.NotEqual(regionA.AccountName, regionB.AccountName);
    }

    private async Task<BlobServiceClient> ServiceAsync(string name)
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(platform.CreateTrustingHandler()) };
        return new BlobServiceClient(await platform.ConnectionStringAsync(name), options);
    }
}
