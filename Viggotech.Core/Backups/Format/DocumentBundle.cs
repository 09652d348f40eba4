using System.Buffers.Binary;
using System.Text;

namespace Viggotech.Core.Backups.Format;

/// <summary>
/// The documents part's plaintext: the tenant's encrypted document blobs exactly as stored, one
/// after another. <c>"VGBD" ‖ 0x01</c>, then per document <c>0x01 ‖ id(16) ‖ len(2) ‖ blob name ‖
/// length(8) ‖ bytes</c>, or <c>0x02 ‖ id(16) ‖ len(2) ‖ blob name</c> for a document whose blob was
/// deleted after the snapshot was taken, and a final <c>0x00</c>. Integers big-endian.
/// </summary>
public static class DocumentBundle
{
    public const byte Present = 1;
    public const byte Missing = 2;
    private const byte End = 0;
    private static ReadOnlySpan<byte> Magic => "VGBD\u0001"u8;

    public static ValueTask WriteStartAsync(Stream output, CancellationToken cancellationToken) =>
        output.WriteAsync(Magic.ToArray(), cancellationToken);

    public static async Task WriteDocumentAsync(Stream output, Guid documentId, string blobName, long length, Stream content, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Head(Present, documentId, blobName, length), cancellationToken);
        var copied = await CopyExactlyAsync(content, output, length, cancellationToken);
        if (copied != length)
        {
            throw new IOException($"The blob {blobName} ended after {copied} of {length} bytes.");
        }
    }

    public static ValueTask WriteMissingAsync(Stream output, Guid documentId, string blobName, CancellationToken cancellationToken) =>
        output.WriteAsync(Head(Missing, documentId, blobName, null), cancellationToken);

    public static ValueTask WriteEndAsync(Stream output, CancellationToken cancellationToken) => output.WriteAsync(new[] { End }, cancellationToken);

    /// <summary>
    /// Reads the bundle, calling <paramref name="document"/> for each entry with a stream of exactly
    /// its bytes (null for a missing one), which the callback may read or leave: the rest is skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">The bundle is malformed or cut short.</exception>
    public static async Task<int> ReadAsync(Stream input, Func<BundledDocument, Stream?, CancellationToken, Task> document, CancellationToken cancellationToken)
    {
        var magic = new byte[Magic.Length];
        await ReadExactlyAsync(input, magic, cancellationToken);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("The documents part does not start with the bundle header.");
        }

        var count = 0;
        var head = new byte[1 + 16 + 2];
        while (true)
        {
            await ReadExactlyAsync(input, head.AsMemory(0, 1), cancellationToken);
            if (head[0] == End)
            {
                if (await input.ReadAsync(new byte[1], cancellationToken) != 0)
                {
                    throw new InvalidDataException("Data follows the end of the documents bundle.");
                }

                return count;
            }

            if (head[0] is not (Present or Missing))
            {
                throw new InvalidDataException($"Unknown document entry kind {head[0]}.");
            }

            await ReadExactlyAsync(input, head.AsMemory(1), cancellationToken);
            var id = new Guid(head.AsSpan(1, 16), bigEndian: true);
            var name = new byte[BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(17))];
            await ReadExactlyAsync(input, name, cancellationToken);
            var blobName = Encoding.UTF8.GetString(name);
            count++;
            if (head[0] == Missing)
            {
                await document(new BundledDocument(id, blobName, null), null, cancellationToken);
                continue;
            }

            var lengthBytes = new byte[8];
            await ReadExactlyAsync(input, lengthBytes, cancellationToken);
            var length = BinaryPrimitives.ReadInt64BigEndian(lengthBytes);
            if (length < 0)
            {
                throw new InvalidDataException("A document has a negative length.");
            }

            var content = new BoundedReadStream(input, length);
            await document(new BundledDocument(id, blobName, length), content, cancellationToken);
            await content.SkipRestAsync(cancellationToken);
        }
    }

    private static byte[] Head(byte kind, Guid documentId, string blobName, long? length)
    {
        var name = Encoding.UTF8.GetBytes(blobName);
        var head = new byte[1 + 16 + 2 + name.Length + (length is null ? 0 : 8)];
        head[0] = kind;
        documentId.TryWriteBytes(head.AsSpan(1), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(17), checked((ushort)name.Length));
        name.CopyTo(head.AsSpan(19));
        if (length is { } bytes)
        {
            BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(19 + name.Length), bytes);
        }

        return head;
    }

    private static async Task<long> CopyExactlyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(length, 256 * 1024)];
        long copied = 0;
        while (copied < length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - copied)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            copied += read;
        }

        return copied;
    }

    private static async Task ReadExactlyAsync(Stream input, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await input.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The documents bundle ends too early.", e);
        }
    }
}

/// <summary>One entry of a documents bundle; <see cref="Length"/> is null when the blob was missing at backup time.</summary>
public sealed record BundledDocument(Guid DocumentId, string BlobName, long? Length);
