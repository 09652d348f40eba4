using Azure.Storage.Blobs;
using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>A regional storage account answers an authenticated request for its service properties.</summary>
internal sealed class StorageProbe(StatusComponent component, BlobServiceClient account) : IStatusProbe
{
    public StatusComponent Component => component;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await account.GetPropertiesAsync(cancellationToken);
        return null;
    }
}
