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
/// </summary>
internal sealed class BackupPartWriter(BlobContainerClient container, Guid tenantId, Guid backupId, BackupKey key, int chunkSize, int blockSize) : IDisposable
{
    private const long PipeLimit = 4 * 1024 * 1024;

    private readonly IncrementalHash whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

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
        try
        {
            await using var staging = new BlockStagingStream(blob, blockSize);
            await using (var hashing = new HashingStream(staging, leaveOpen: true, stored, whole) { Observer = data => Interlocked.Add(ref bytesWritten, data.Length) })
            await using (var plaintext = pipe.Reader.AsStream(leaveOpen: false))
            {
                await BackupPartCipher.EncryptAsync(plaintext, hashing, key, tenantId, partId, chunkSize, failed.Token);
                size = hashing.Count;
            }

            await producer;
            await staging.CommitAsync(overwrite: false, failed.Token);
        }
        catch
        {
            // The producer may be waiting on a pipe nobody reads any more.
            await failed.CancelAsync();
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

    public void Dispose() => whole.Dispose();
}
