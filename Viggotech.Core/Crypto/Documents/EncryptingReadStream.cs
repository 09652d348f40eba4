using System.Buffers;
using System.Security.Cryptography;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// The encrypted form of a plaintext of known length, produced as it is read: the header, then
/// each chunk sealed when the reader gets to it. Its <see cref="Length"/> is known before the
/// first byte, so the whole document can go to storage as one request. Holds one chunk buffer.
/// The plaintext must be exactly the declared length: ending early or going on longer fails the
/// read (and so the request carrying it), so a short or long upload is never stored. A failure
/// also cancels <c>abort</c>, so the storage client does not retry a request whose body cannot be
/// replayed; <see cref="Failure"/> keeps what went wrong for the caller to rethrow.
/// </summary>
internal sealed class EncryptingReadStream : Stream
{
    private readonly Stream plaintext;
    private readonly ChunkCipher cipher;
    private readonly CancellationTokenSource abort;
    private readonly int chunkSize;
    private readonly long plaintextLength;
    private readonly long length;
    private readonly byte[] record;
    private int recordOffset;
    private int recordLength;
    private long plaintextRead;
    private long position;
    private uint index;
    private bool finished;
    private bool disposed;

    public EncryptingReadStream(Stream plaintext, DocumentHeader header, ChunkCipher cipher, long plaintextLength, CancellationTokenSource abort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(plaintextLength, 1);
        this.plaintext = plaintext;
        this.cipher = cipher;
        this.abort = abort;
        this.plaintextLength = plaintextLength;
        chunkSize = header.ChunkSize;
        length = DocumentCipher.EncryptedLength(plaintextLength, chunkSize);
        record = ArrayPool<byte>.Shared.Rent(Math.Max(DocumentHeader.Size, chunkSize + ChunkCipher.TagSize));
        header.Write(record);
        recordLength = DocumentHeader.Size;
    }

    /// <summary>What ended the read early (the plaintext's error, a length mismatch or cancellation); null while all is well.</summary>
    public Exception? Failure { get; private set; }

    public override bool CanRead => !disposed;

    // "Seekable" only so the storage client trusts Length and sends one Put Blob: it asks for
    // the current position (a no-op); any real seek, such as a retry rewinding the body, is refused.
    public override bool CanSeek => !disposed;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Failure is not null)
        {
            throw new IOException("The upload already failed.", Failure);
        }

        // Fills the reader's whole buffer, across chunk boundaries: the storage service is sent
        // full-size TLS records rather than a chunk and a sliver of a record per write, which
        // costs the receiving end (Azurite measurably) a lot more per byte.
        var total = 0;
        while (total < destination.Length)
        {
            if (recordOffset == recordLength)
            {
                if (finished)
                {
                    break;
                }

                try
                {
                    await SealNextAsync(cancellationToken);
                }
                catch (Exception e)
                {
                    Failure = e;
                    await abort.CancelAsync();
                    throw;
                }
            }

            var count = Math.Min(destination.Length - total, recordLength - recordOffset);
            record.AsMemory(recordOffset, count).CopyTo(destination[total..]);
            recordOffset += count;
            position += count;
            total += count;
        }

        return total;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    private async ValueTask SealNextAsync(CancellationToken cancellationToken)
    {
        var expected = (int)Math.Min(chunkSize, plaintextLength - plaintextRead);
        var read = await plaintext.ReadAtLeastAsync(record.AsMemory(0, expected), expected, throwOnEndOfStream: false, cancellationToken);
        if (read < expected)
        {
            throw new IOException($"The content ended after {plaintextRead + read} of its declared {plaintextLength} bytes.");
        }

        plaintextRead += read;
        var final = plaintextRead == plaintextLength;
        if (final)
        {
            // The declared length is what the stored length will say: more content is refused, not dropped.
            var probe = new byte[1];
            if (await plaintext.ReadAsync(probe, cancellationToken) != 0)
            {
                throw new IOException($"The content goes on past its declared {plaintextLength} bytes.");
            }

            finished = true;
        }

        cipher.Seal(record, read, index++, final);
        recordOffset = 0;
        recordLength = read + ChunkCipher.TagSize;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        return target == position ? position : throw new NotSupportedException("An encrypting upload stream only moves forward by being read.");
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            CryptographicOperations.ZeroMemory(record);
            ArrayPool<byte>.Shared.Return(record);
        }

        base.Dispose(disposing);
    }
}
