using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// Reads <paramref name="inner"/> one buffer ahead of its reader: while the reader uses one buffer,
/// the next is being filled. Two buffers of <paramref name="bufferSize"/>; only forward,
/// asynchronous reads. With <paramref name="background"/> the next buffer is filled on the thread
/// pool, so work the inner stream does per byte (sealing or opening document chunks) runs on
/// another core at the same time as whatever the reader does with the previous buffer (sending it
/// over TLS); without it, only waiting for the inner stream overlaps. With <paramref name="length"/>
/// (the inner stream's exact length) the stream reports it and its position, so a storage client
/// sends it as one request of known size; seeking anywhere but the current position is refused.
/// A failure of the inner stream reaches the reader in order: after every byte read before it.
/// </summary>
internal sealed class ReadAheadStream(Stream inner, int bufferSize, bool background = false, long? length = null) : Stream
{
    private byte[] current = ArrayPool<byte>.Shared.Rent(bufferSize);
    private byte[] next = ArrayPool<byte>.Shared.Rent(bufferSize);
    private Task<int>? pending;
    private ExceptionDispatchInfo? failure;
    private int filled;
    private int offset;
    private long position;
    private bool ended;
    private bool disposed;

    public override bool CanRead => true;

    public override bool CanSeek => length is not null && !disposed;

    public override bool CanWrite => false;

    public override long Length => length ?? throw new NotSupportedException();

    public override long Position
    {
        get => length is not null ? position : throw new NotSupportedException();
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (offset == filled)
        {
            if (ended)
            {
                return 0;
            }

            var count = await (pending ?? FillAsync(next, cancellationToken));
            pending = null;
            (current, next) = (next, current);
            filled = count;
            offset = 0;
            if (count == 0)
            {
                ended = true;
                return 0;
            }

            pending = background ? Task.Run(() => FillAsync(next, cancellationToken), CancellationToken.None) : FillAsync(next, cancellationToken);
        }

        var copied = Math.Min(destination.Length, filled - offset);
        current.AsMemory(offset, copied).CopyTo(destination);
        offset += copied;
        position += copied;
        return copied;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        // A storage client asks where the stream is before it sends it; rewinding (a retry) cannot be served.
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => Length + offset,
        };
        return length is not null && target == position ? position : throw new NotSupportedException("This stream only moves forward by being read.");
    }

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
        // A failure part-way through the previous buffer was kept until its bytes were read.
        failure?.Throw();
        var total = 0;
        while (total < bufferSize)
        {
            int read;
            try
            {
                read = await inner.ReadAsync(buffer.AsMemory(total, bufferSize - total), cancellationToken);
            }
            catch (Exception e) when (total > 0)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                break;
            }

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
            catch (Exception)
            {
                // The reader stopped before it got here: what was prefetched, or why it failed, is not
                // needed (an integrity failure was recorded where it was found).
            }
        }
    }
}
