namespace Viggotech.Core.Tests.Encryption;

/// <summary>Random bytes that break off after <c>failAfter</c> bytes: with an IOException, or by cancelling the given source.</summary>
internal sealed class BreakingStream(long failAfter, CancellationTokenSource? cancel = null) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= failAfter)
        {
            if (cancel is null)
            {
                throw new IOException("The client went away.");
            }

            cancel.Cancel();
            cancel.Token.ThrowIfCancellationRequested();
        }

        var count = (int)Math.Min(buffer.Length, failAfter - position);
        Random.Shared.NextBytes(buffer[..count]);
        position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
