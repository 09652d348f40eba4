using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Viggotech.Core.Exports.Format;

/// <summary>
/// AES-256-GCM per chunk. Nonce: <c>nonce prefix(8) ‖ chunk index(4)</c>. Associated data: the
/// whole header ‖ chunk index(4) ‖ final flag(1), so chunks cannot be reordered, dropped, moved to
/// another export or follow the final one. Every chunk but the last holds exactly the chunk size.
/// </summary>
internal sealed class ExportChunks : IDisposable
{
    public const int TagSize = 16;
    private readonly AesGcm aes;
    private readonly byte[] nonce = new byte[12];
    private readonly byte[] associatedData;

    public ExportChunks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, ulong noncePrefix)
    {
        aes = new AesGcm(key, TagSize);
        BinaryPrimitives.WriteUInt64BigEndian(nonce, noncePrefix);
        associatedData = new byte[header.Length + 5];
        header.CopyTo(associatedData);
    }

    public void Seal(uint index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> record)
    {
        Prepare(index, final);
        aes.Encrypt(nonce, plaintext, record[..plaintext.Length], record.Slice(plaintext.Length, TagSize), associatedData);
    }

    /// <returns>False when the chunk does not authenticate.</returns>
    public bool TryOpen(uint index, bool final, ReadOnlySpan<byte> record, Span<byte> plaintext)
    {
        Prepare(index, final);
        try
        {
            aes.Decrypt(nonce, record[..^TagSize], record[^TagSize..], plaintext[..(record.Length - TagSize)], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => aes.Dispose();

    private void Prepare(uint index, bool final)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
        BinaryPrimitives.WriteUInt32BigEndian(associatedData.AsSpan(associatedData.Length - 5), index);
        associatedData[^1] = final ? (byte)1 : (byte)0;
    }
}
