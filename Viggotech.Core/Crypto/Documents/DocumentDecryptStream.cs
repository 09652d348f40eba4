using System.Buffers;
using System.Security.Cryptography;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// The plaintext of an encrypted document, read chunk by chunk from the ciphertext stream.
/// Holds three buffers of one chunk each: the record being opened, the next record (read ahead
/// to learn whether the current one must be the final chunk), and the decrypted chunk.
/// </summary>
public sealed class DocumentDecryptStream : Stream
{
    internal const string Target = "documents.content";

    private readonly Stream source;
    private readonly ChunkCipher cipher;
    private readonly int chunkSize;
    private readonly int recordSize;
    private readonly Guid tenantId;
    private readonly string target;
    private readonly Guid documentId;
    private readonly Func<DataIntegrityException, ValueTask>? onIntegrityFailure;
    private byte[] current;
    private byte[] next;
    private readonly byte[] plaintext;
    private int nextLength = -1;
    private int plainOffset;
    private int plainLength;
    private uint index;
    private bool finished;
    private bool disposed;

    internal DocumentDecryptStream(Stream source, ChunkCipher cipher, int chunkSize, Guid tenantId, string target, Guid documentId,
        Func<DataIntegrityException, ValueTask>? onIntegrityFailure)
    {
        this.target = target;
        this.source = source;
        this.cipher = cipher;
        this.tenantId = tenantId;
        this.documentId = documentId;
        this.onIntegrityFailure = onIntegrityFailure;
        this.chunkSize = chunkSize;
        recordSize = chunkSize + ChunkCipher.TagSize;
        current = ArrayPool<byte>.Shared.Rent(recordSize);
        next = ArrayPool<byte>.Shared.Rent(recordSize);
        plaintext = ArrayPool<byte>.Shared.Rent(chunkSize);
    }

    public override bool CanRead => !disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (plainOffset == plainLength)
        {
            if (finished)
            {
                return 0;
            }

            // A buffer that holds a whole chunk gets it decrypted straight into it, saving a copy.
            if (buffer.Length >= chunkSize)
            {
                return await OpenNextChunkAsync(buffer, cancellationToken);
            }

            plainLength = await OpenNextChunkAsync(plaintext, cancellationToken);
            plainOffset = 0;
        }

        var count = Math.Min(buffer.Length, plainLength - plainOffset);
        plaintext.AsMemory(plainOffset, count).CopyTo(buffer);
        plainOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Verifies and decrypts the next chunk into <paramref name="destination"/>; returns its length.</summary>
    private async Task<int> OpenNextChunkAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        // The first record is read here; later ones were read ahead into `next` and swapped in.
        var currentLength = nextLength >= 0 ? nextLength : await FillAsync(current, cancellationToken);
        nextLength = currentLength == recordSize ? await FillAsync(next, cancellationToken) : 0;
        var final = nextLength == 0;

        if (currentLength < ChunkCipher.TagSize)
        {
            throw await FailAsync(IntegrityFailure.Truncated);
        }

        if (!cipher.TryOpen(current.AsSpan(0, currentLength), destination.Span, index, final))
        {
            throw await FailAsync(Diagnose(current.AsSpan(0, currentLength), final));
        }

        if (final)
        {
            finished = true;
        }
        else
        {
            (current, next) = (next, current);
            index = checked(index + 1);
        }

        return currentLength - ChunkCipher.TagSize;
    }

    /// <summary>
    /// Names what a record that failed is most likely to have suffered: one that verifies as a
    /// non-final chunk where the stream ends means the rest was cut off; one that verifies as the
    /// final chunk while more follows means data was appended.
    /// </summary>
    private IntegrityFailure Diagnose(ReadOnlySpan<byte> record, bool final)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(record.Length);
        try
        {
            return cipher.TryOpen(record, scratch, index, !final)
                ? (final ? IntegrityFailure.Truncated : IntegrityFailure.TrailingData)
                : IntegrityFailure.AuthenticationFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scratch.AsSpan(0, record.Length));
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async ValueTask<int> FillAsync(byte[] buffer, CancellationToken cancellationToken) =>
        await source.ReadAtLeastAsync(buffer.AsMemory(0, recordSize), recordSize, throwOnEndOfStream: false, cancellationToken);

    private async Task<DataIntegrityException> FailAsync(IntegrityFailure failure)
    {
        finished = true;
        plainOffset = plainLength = 0;
        return await DocumentCipher.FailAsync(new DataIntegrityException(tenantId, target, documentId, failure), onIntegrityFailure);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!disposed && disposing)
        {
            disposed = true;
            cipher.Dispose();
            source.Dispose();
            CryptographicOperations.ZeroMemory(plaintext);
            ArrayPool<byte>.Shared.Return(plaintext);
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            await source.DisposeAsync();
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
