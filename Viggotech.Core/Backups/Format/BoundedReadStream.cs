namespace Viggotech.Core.Backups.Format;

/// <summary>Exactly the next <c>length</c> bytes of another stream, which stays open and positioned after them.</summary>
internal sealed class BoundedReadStream(Stream inner, long length) : Stream
{
    private readonly long total = length;
    private long left = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => total;

    public override long Position
    {
        get => total - left;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (left == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, left)], cancellationToken);
        if (read == 0)
        {
            throw new InvalidDataException("The documents bundle ends inside a document.");
        }

        left -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public async Task SkipRestAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[(int)Math.Min(left, 81920)];
        while (left > 0)
        {
            _ = await ReadAsync(scratch, cancellationToken);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
