using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Viggotech.Core.Crypto.Documents;

namespace Viggotech.Core.Documents;

/// <summary>The documents' blob container (created on first use, private) and the encrypted store over it.</summary>
public sealed class DocumentContainer(BlobServiceClient service, IOptions<DocumentsOptions> options)
{
    private readonly Lazy<Task<EncryptedBlobStore>> store = new(async () =>
    {
        var container = service.GetBlobContainerClient(options.Value.ContainerName);
        await container.CreateIfNotExistsAsync();
        return new EncryptedBlobStore(container, options.Value.BlockSize, options.Value.ChunkSize, options.Value.SingleRequestMaxBytes);
    });

    public BlobContainerClient Client => service.GetBlobContainerClient(options.Value.ContainerName);

    public async Task<EncryptedBlobStore> StoreAsync(CancellationToken cancellationToken) => await store.Value.WaitAsync(cancellationToken);
}
