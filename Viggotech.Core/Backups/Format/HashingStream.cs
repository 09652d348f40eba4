using System.Security.Cryptography;

namespace Viggotech.Core.Backups.Format;

/// <summary>
/// Passes bytes through to or from <paramref name="inner"/> unchanged while feeding them to one
/// or more running hashes and counting them: how a part's SHA-256, the whole backup's SHA-256 and
/// the content hashes are taken as the data streams, without a second pass.
/// </summary>
internal sealed class HashingStream(Stream inner, bool leaveOpen, params IncrementalHash[] hashes) : Stream
{
    public long Count { get; private set; }

    /// <summary>Called with each span that passes, for observers such as the row counter.</summary>
    public Action<ReadOnlyMemory<byte>>? Observer { get; init; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Take(buffer);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Take(buffer.AsMemory(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Take(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Take(buffer.AsMemory(offset, read));
        return read;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!leaveOpen)
        {
            await inner.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private void Take(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        foreach (var hash in hashes)
        {
            hash.AppendData(data.Span);
        }

        Observer?.Invoke(data);
        Count += data.Length;
    }
}
