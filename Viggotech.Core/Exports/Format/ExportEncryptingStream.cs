using System.Security.Cryptography;

namespace Viggotech.Core.Exports.Format;

/// <summary>
/// A write-only stream that encrypts what is written into it as an export file (header, then
/// sealed chunks) on <paramref name="destination"/>. <see cref="CompleteAsync"/> seals the final
/// chunk; without it the file is incomplete and does not open.
/// </summary>
public sealed class ExportEncryptingStream : Stream
{
    /// <summary>600,000 PBKDF2-HMAC-SHA256 iterations, OWASP's recommendation for it.</summary>
    public const int DefaultIterations = 600_000;
    public const int DefaultChunkSize = 64 * 1024;

    private readonly Stream destination;
    private readonly ExportChunks chunks;
    private readonly byte[] buffer;
    private readonly byte[] record;
    private int buffered;
    private uint index;
    private bool completed;

    private ExportEncryptingStream(Stream destination, ExportChunks chunks, int chunkSize)
    {
        this.destination = destination;
        this.chunks = chunks;
        buffer = new byte[chunkSize];
        record = new byte[chunkSize + ExportChunks.TagSize];
    }

    /// <summary>Total bytes written to the destination, header included.</summary>
    public long BytesWritten { get; private set; }

    public static ExportEncryptingStream Create(Stream destination, string passphrase, int iterations = DefaultIterations, int chunkSize = DefaultChunkSize)
    {
        using var key = ExportKey.Derive(passphrase, iterations);
        return Create(destination, key, chunkSize);
    }

    /// <summary>
    /// Encrypts under a key derived earlier. Every call draws a new nonce prefix, so building the
    /// same export again under the same key never reuses a nonce.
    /// </summary>
    public static ExportEncryptingStream Create(Stream destination, ExportKey key, int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, ExportHeader.MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, ExportHeader.MaxChunkSize);
        var header = ExportHeader.Create(key.Iterations, key.Salt, chunkSize);
        var headerBytes = header.Write(key.Bytes);
        destination.Write(headerBytes);
        var stream = new ExportEncryptingStream(destination, new ExportChunks(key.Bytes, headerBytes, header.NoncePrefix), chunkSize);
        stream.BytesWritten = headerBytes.Length;
        return stream;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !completed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        while (!data.IsEmpty)
        {
            var take = Math.Min(buffer.Length - buffered, data.Length);
            data[..take].CopyTo(buffer.AsSpan(buffered));
            buffered += take;
            data = data[take..];
            // A full chunk is sealed only once more data follows: the last chunk must carry the final flag.
            if (buffered == buffer.Length && !data.IsEmpty)
            {
                Flush(final: false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Seals the final chunk. Until then the output is not a complete export.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (completed)
        {
            return;
        }

        Flush(final: true);
        completed = true;
        await destination.FlushAsync(cancellationToken);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            chunks.Dispose();
            CryptographicOperations.ZeroMemory(buffer);
        }

        base.Dispose(disposing);
    }

    private void Flush(bool final)
    {
        if (!final && buffered < buffer.Length)
        {
            return;
        }

        var length = buffered + ExportChunks.TagSize;
        chunks.Seal(index++, final, buffer.AsSpan(0, buffered), record);
        destination.Write(record.AsSpan(0, length));
        BytesWritten += length;
        buffered = 0;
    }
}
