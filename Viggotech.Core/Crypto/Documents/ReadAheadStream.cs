using System.Buffers;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// Reads <paramref name="inner"/> one buffer ahead of its reader: while the reader decrypts and
/// sends one range of a blob, the next range is already being fetched. Two buffers of
/// <paramref name="bufferSize"/>; only forward, asynchronous reads.
/// </summary>
internal sealed class ReadAheadStream(Stream inner, int bufferSize) : Stream
{
    private byte[] current = ArrayPool<byte>.Shared.Rent(bufferSize);
    private byte[] next = ArrayPool<byte>.Shared.Rent(bufferSize);
    private Task<int>? pending;
    private int length;
    private int offset;
    private bool ended;
    private bool disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (offset == length)
        {
            if (ended)
            {
                return 0;
            }

            var filled = await (pending ?? FillAsync(next, cancellationToken));
            pending = null;
            (current, next) = (next, current);
            length = filled;
            offset = 0;
            if (filled == 0)
            {
                ended = true;
                return 0;
            }

            pending = FillAsync(next, cancellationToken);
        }

        var count = Math.Min(destination.Length, length - offset);
        current.AsMemory(offset, count).CopyTo(destination);
        offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await SettleAsync();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            if (pending is { IsCompleted: false })
            {
                SettleAsync().GetAwaiter().GetResult();
            }

            disposed = true;
            inner.Dispose();
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }

        base.Dispose(disposing);
    }

    private async Task<int> FillAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < bufferSize)
        {
            var read = await inner.ReadAsync(buffer.AsMemory(total, bufferSize - total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    // A prefetch still running writes into a buffer: it must end before the buffers go back.
    private async Task SettleAsync()
    {
        if (pending is { } prefetch)
        {
            pending = null;
            try
            {
                await prefetch;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Azure.RequestFailedException)
            {
                // The reader stopped (or the read failed); what was prefetched is not needed.
            }
        }
    }
}
