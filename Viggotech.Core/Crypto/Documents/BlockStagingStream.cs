using System.Buffers;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// A write-only stream that stages what is written as blocks of a block blob. Two block buffers:
/// while one block is being sent, the next fills, so reading and encrypting the upload overlap
/// with storing it. Nothing becomes visible until <see cref="CommitAsync"/>: disposed without a
/// commit, the staged blocks are never part of a blob and the storage service discards them.
/// </summary>
internal sealed class BlockStagingStream(BlockBlobClient blob, int blockSize) : Stream
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private byte[] sending = ArrayPool<byte>.Shared.Rent(blockSize);
    private Task? inFlight;
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
        var headers = new BlobHttpHeaders { ContentType = "application/octet-stream" };
        var conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All };
        if (blockIds.Count == 0)
        {
            // Shorter than one block (most backup parts, many documents): one request instead of a
            // staged block and a block list.
            using var content = new MemoryStream(buffer, 0, buffered, writable: false);
            await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers, Conditions = conditions }, cancellationToken);
            return;
        }

        if (buffered > 0)
        {
            await StageAsync(cancellationToken);
        }

        await WaitForInFlightAsync();
        await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { HttpHeaders = headers, Conditions = conditions }, cancellationToken);
    }

    /// <summary>Starts sending the filled buffer (after the previous block has been sent) and continues with the other one.</summary>
    private async Task StageAsync(CancellationToken cancellationToken)
    {
        await WaitForInFlightAsync();
        // Equal-length ids, as the service requires; a retry of the same upload reuses them.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{blockIds.Count:D8}"));
        blockIds.Add(id);
        (buffer, sending) = (sending, buffer);
        var length = buffered;
        buffered = 0;
        inFlight = SendAsync(id, sending, length, cancellationToken);
    }

    private async Task SendAsync(string id, byte[] block, int length, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(block, 0, length, writable: false);
        await blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken);
    }

    private async Task WaitForInFlightAsync()
    {
        if (inFlight is { } pending)
        {
            inFlight = null;
            await pending;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        // A block still being sent reads its buffer: it must finish (or fail) before the buffer goes back.
        try
        {
            await WaitForInFlightAsync();
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or IOException)
        {
            // The upload already failed or was abandoned; its caller has the error that ended it.
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !returned)
        {
            if (inFlight is { IsCompleted: false } pending)
            {
                // Synchronous disposal must not hand a buffer back while a send still reads it.
                try
                {
                    pending.GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is RequestFailedException or OperationCanceledException or IOException)
                {
                }
            }

            returned = true;
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(sending);
        }

        base.Dispose(disposing);
    }
}
