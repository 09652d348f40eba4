using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Documents;

namespace Viggotech.Core.Backups.Restore;

/// <summary>
/// A sandbox restore in progress: the backup's document blobs as they streamed past (still
/// encrypted under the source tenant's keys, so nothing readable rests on disk), the sandbox's
/// blobs written so far (removed again if the restore fails) and what was carried.
/// </summary>
internal sealed class SandboxFill : IDisposable
{
    private readonly Dictionary<Guid, string> contents = [];

    public Guid? SandboxId { get; set; }

    public string? Slug { get; set; }

    public long Rows { get; set; }

    public int Documents { get; set; }

    public List<string> Uploaded { get; } = [];

    public async Task KeepAsync(Guid documentId, Stream encrypted, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"viggotech-sandbox-{Guid.NewGuid():N}.vgtd");
        contents[documentId] = path;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Ciphertext only, but still nobody else's business.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await encrypted.CopyToAsync(file, cancellationToken);
    }

    public string? ContentOf(Guid documentId) => contents.GetValueOrDefault(documentId);

    public async Task DeleteUploadedAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        if (Uploaded.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var container = scope.ServiceProvider.GetRequiredService<DocumentContainer>().Client;
        foreach (var blobName in Uploaded)
        {
            await container.DeleteBlobIfExistsAsync(blobName, cancellationToken: cancellationToken);
        }

        Uploaded.Clear();
    }

    public void Dispose()
    {
        foreach (var path in contents.Values)
        {
            File.Delete(path);
        }

        contents.Clear();
    }
}
