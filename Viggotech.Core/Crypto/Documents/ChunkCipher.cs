using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// AES-256-GCM over the chunks of one document (or another chunked stream, such as a backup part),
/// with one cipher instance and fixed nonce and associated-data buffers patched per chunk, so
/// sealing or opening a chunk allocates nothing. Associated data:
/// <c>label ‖ tenant id ‖ object id ‖ header ‖ chunk index (4) ‖ final flag (1)</c>, where the label
/// is <c>"viggotech/document/v1"</c> for documents: a chunk sealed for one kind of stream never opens as another.
/// Only in the build bench/documents.sh compares against (<c>-p:BenchmarkPlaintextDocuments=true</c>), sealing
/// leaves the chunk as it is with a zero tag and opening copies it: the same streams, buffers, copies and
/// requests without the AES-256-GCM work. Never built otherwise.
/// </summary>
internal sealed class ChunkCipher : IDisposable
{
    public const int TagSize = 16;
    private const int NonceSize = 12;
    private static ReadOnlySpan<byte> DocumentLabel => "viggotech/document/v1"u8;

    private readonly AesGcm aes;
    private readonly byte[] nonce = new byte[NonceSize];
    private readonly byte[] associatedData;
    private readonly int indexOffset;

    public ChunkCipher(ReadOnlySpan<byte> documentKey, Guid tenantId, Guid documentId, DocumentHeader header)
        : this(documentKey, DocumentLabel, tenantId, documentId, header)
    {
    }

    public ChunkCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, Guid tenantId, Guid objectId, DocumentHeader header)
    {
        aes = new AesGcm(key, TagSize);
        BinaryPrimitives.WriteUInt64BigEndian(nonce, header.NoncePrefix);
        associatedData = new byte[label.Length + 16 + 16 + DocumentHeader.Size + 4 + 1];
        var span = associatedData.AsSpan();
        label.CopyTo(span);
        span = span[label.Length..];
        tenantId.TryWriteBytes(span, bigEndian: true, out _);
        objectId.TryWriteBytes(span[16..], bigEndian: true, out _);
        header.Write(span[32..]);
        indexOffset = associatedData.Length - 5;
    }

    /// <summary>Encrypts <paramref name="record"/>[..length] in place and writes the tag after it.</summary>
    public void Seal(Span<byte> record, int length, uint index, bool final)
    {
        Position(index, final);
#if BENCHMARK_PLAINTEXT_DOCUMENTS
        record.Slice(length, TagSize).Clear();
#else
        var data = record[..length];
        aes.Encrypt(nonce, data, data, record.Slice(length, TagSize), associatedData);
#endif
    }

    /// <summary>
    /// Decrypts a record (ciphertext ‖ tag) into <paramref name="plaintext"/>; false, with
    /// <paramref name="plaintext"/> zeroed, when it does not verify at this position. The record
    /// is left as it was, so a failure can be examined further.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> record, Span<byte> plaintext, uint index, bool final)
    {
        Position(index, final);
        var length = record.Length - TagSize;
        try
        {
#if BENCHMARK_PLAINTEXT_DOCUMENTS
            record[..length].CopyTo(plaintext);
#else
            aes.Decrypt(nonce, record[..length], record[length..], plaintext[..length], associatedData);
#endif
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => aes.Dispose();

    private void Position(uint index, bool final)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
        BinaryPrimitives.WriteUInt32BigEndian(associatedData.AsSpan(indexOffset), index);
        associatedData[^1] = final ? (byte)1 : (byte)0;
    }
}
