using System.Buffers;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// A write-only stream that stages what is written as blocks of a block blob, one block buffer
/// at a time. Nothing becomes visible until <see cref="CommitAsync"/>: disposed without a
/// commit, the staged blocks are never part of a blob and the storage service discards them.
/// </summary>
internal sealed class BlockStagingStream(BlockBlobClient blob, int blockSize) : Stream
{
    private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private readonly List<string> blockIds = [];
    private int buffered;
    private long written;
    private bool returned;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => written;

    public override long Position
    {
        get => written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        while (!source.IsEmpty)
        {
            var count = Math.Min(blockSize - buffered, source.Length);
            source[..count].CopyTo(buffer.AsMemory(buffered));
            buffered += count;
            written += count;
            source = source[count..];
            if (buffered == blockSize)
            {
                await StageAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] source, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(source.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] source, int offset, int count) => WriteAsync(source, offset, count).GetAwaiter().GetResult();

    /// <summary>Stages what is left and commits the block list. Without <paramref name="overwrite"/> an existing blob of the name is never replaced.</summary>
    public async Task CommitAsync(bool overwrite, CancellationToken cancellationToken)
    {
        if (buffered > 0 || blockIds.Count == 0)
        {
            await StageAsync(cancellationToken);
        }

        await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        // Equal-length ids, as the service requires; a retry of the same upload reuses them.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{blockIds.Count:D8}"));
        using var content = new MemoryStream(buffer, 0, buffered, writable: false);
        await blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken);
        blockIds.Add(id);
        buffered = 0;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !returned)
        {
            returned = true;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
