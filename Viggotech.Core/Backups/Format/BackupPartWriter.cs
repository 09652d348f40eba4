using System.IO.Compression;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Viggotech.Core.Crypto.Documents;

namespace Viggotech.Core.Backups.Format;

/// <summary>
/// Writes the parts of one backup, each as a stream: the producer's plaintext is hashed, compressed
/// and handed through a bounded pipe to the encryption, whose output is hashed again (part and
/// whole backup) and staged block by block into the part's blob. Producer and encryption run
/// side by side; memory is the pipe, a few chunks and one block, whatever the part's size. A part
/// becomes a blob only when its block list is committed, and never replaces an existing blob.
/// A part's last request (its commit, or the whole upload of a small part) overlaps with the
/// next part: up to <see cref="CommitsInFlight"/> of them; <see cref="CompleteAsync"/> waits for
/// all, and disposal waits for any still running, so nothing lands after a failed backup is cleaned up.
/// </summary>
internal sealed class BackupPartWriter(BlobContainerClient container, Guid tenantId, Guid backupId, BackupKey key, int chunkSize, int blockSize) : IAsyncDisposable
{
    private const long PipeLimit = 4 * 1024 * 1024;
    private const int CommitsInFlight = 4;

    private readonly IncrementalHash whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Queue<Task> commits = new();

    /// <summary>Stored bytes written so far, across parts.</summary>
    public long BytesWritten => Interlocked.Read(ref bytesWritten);

    private long bytesWritten;

    /// <summary>The SHA-256 of every part written, concatenated in order.</summary>
    public string WholeSha256() => Convert.ToHexStringLower(whole.GetCurrentHash());

    /// <param name="produce">Writes the part's plaintext and returns its row count.</param>
    public async Task<BackupManifestPart> WriteAsync(string fileName, BackupPartKind kind, string? table, IReadOnlyList<string> columns,
        IReadOnlyList<string> keyColumns, bool compress, Func<Stream, CancellationToken, Task<long>> produce, CancellationToken cancellationToken)
    {
        var partId = Guid.CreateVersion7();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeLimit, resumeWriterThreshold: PipeLimit / 2, useSynchronizationContext: false));
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stored = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        long rows = 0;
        long contentSize = 0;
        var producer = Task.Run(async () =>
        {
            try
            {
                var pipeStream = pipe.Writer.AsStream(leaveOpen: true);
                var sink = compress ? new GZipStream(pipeStream, CompressionLevel.Fastest, leaveOpen: true) : pipeStream;
                await using (var plaintext = new HashingStream(sink, leaveOpen: false, content))
                {
                    rows = await produce(plaintext, failed.Token);
                    contentSize = plaintext.Count;
                }

                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                throw;
            }
        }, failed.Token);

        var blob = container.GetBlockBlobClient(BackupStorage.BlobName(tenantId, backupId, fileName));
        long size;
        var staging = new BlockStagingStream(blob, blockSize);
        try
        {
            await using (var hashing = new HashingStream(staging, leaveOpen: true, stored, whole) { Observer = data => Interlocked.Add(ref bytesWritten, data.Length) })
            await using (var plaintext = pipe.Reader.AsStream(leaveOpen: false))
            {
                await BackupPartCipher.EncryptAsync(plaintext, hashing, key, tenantId, partId, chunkSize, failed.Token);
                size = hashing.Count;
            }

            await producer;
            while (commits.Count >= CommitsInFlight)
            {
                await commits.Dequeue();
            }

            commits.Enqueue(CommitAsync(staging, cancellationToken));
        }
        catch
        {
            // The producer may be waiting on a pipe nobody reads any more.
            await failed.CancelAsync();
            await staging.DisposeAsync();
            try
            {
                await producer;
            }
            catch (Exception)
            {
                // The consumer's failure is the one reported.
            }

            throw;
        }

        return new BackupManifestPart(fileName, partId, kind, table, columns, keyColumns, rows,
            compress ? BackupManifestPart.Gzip : BackupManifestPart.NoCompression, size, Convert.ToHexStringLower(stored.GetCurrentHash()),
            contentSize, Convert.ToHexStringLower(content.GetCurrentHash()));
    }

    /// <summary>Waits until every part written is stored; the first failure is thrown.</summary>
    public async Task CompleteAsync()
    {
        while (commits.TryDequeue(out var commit))
        {
            await commit;
        }
    }

    private static async Task CommitAsync(BlockStagingStream staging, CancellationToken cancellationToken)
    {
        await using (staging)
        {
            await staging.CommitAsync(overwrite: false, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (commits.TryDequeue(out var commit))
        {
            try
            {
                await commit;
            }
            catch (Exception)
            {
                // The backup already failed with its own error; what matters here is that no commit is still running.
            }
        }

        whole.Dispose();
    }
}
