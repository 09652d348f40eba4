using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Documents;

namespace Microsoft.Extensions.Hosting;

public static class DocumentsExtensions
{
    /// <summary>
    /// Encrypted documents (<see cref="DocumentStore"/>) in the primary region's storage account
    /// (<c>ConnectionStrings:storage-a</c>: a connection string, or a blob endpoint URI reached
    /// with the managed identity), the sweep of blobs to delete, and their place in the rotation
    /// job. Settings in section <c>Documents</c>.
    /// </summary>
    public static TBuilder AddDocuments<TBuilder>(this TBuilder builder, Action<BlobClientOptions>? configureClient = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<DocumentsOptions>().Bind(builder.Configuration.GetSection(DocumentsOptions.Section))
            .Validate(o => o.DefaultMaxUploadBytes > 0 && o.BlockSize > 0, "Document limits must be positive.");
        builder.Services.TryAddSingleton(_ =>
        {
            var connectionString = builder.Configuration.GetConnectionString(DocumentsOptions.StorageConnectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{DocumentsOptions.StorageConnectionName} is not configured.");
            var options = new BlobClientOptions();
            configureClient?.Invoke(options);
            // In Azure the setting is the account's blob endpoint and the app signs in with its
            // managed identity; locally it is an Azurite connection string with an account key.
            return Uri.TryCreate(connectionString, UriKind.Absolute, out var endpoint) && !connectionString.Contains('=', StringComparison.Ordinal)
                ? new BlobServiceClient(endpoint, new DefaultAzureCredential(), options)
                : new BlobServiceClient(connectionString, options);
        });
        builder.Services.TryAddSingleton<DocumentContainer>();
        builder.Services.TryAddScoped<DocumentStore>();
        builder.Services.TryAddScoped<BlobDeletionSweep>();
        builder.Services.AddEncryptedTable(DocumentsTable.Descriptor);
        builder.Services.AddSingleton<IReencryptionTarget, DocumentBlobTarget>();
        return builder;
    }
}
