using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// The 24-byte header of an encrypted document (docs/encryption-format.md):
/// <c>magic "VGTD" ‖ format 0x01 ‖ nonce scheme 0x01 ‖ reserved 0x0000 ‖ key version (4) ‖
/// chunk size (4) ‖ nonce prefix (8)</c>, integers big-endian. It is authenticated as part of
/// every chunk's associated data.
/// </summary>
public readonly record struct DocumentHeader(int KeyVersion, int ChunkSize, ulong NoncePrefix)
{
    public const int Size = 24;
    public const byte FormatVersion = 1;

    /// <summary>Nonce = 8-byte random prefix ‖ 4-byte big-endian chunk index.</summary>
    public const byte NonceSchemePrefixCounter = 1;

    public const int MinChunkSize = 1024;
    public const int MaxChunkSize = 8 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "VGTD"u8;

    public static DocumentHeader Create(int keyVersion, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, MaxChunkSize);
        Span<byte> prefix = stackalloc byte[8];
        RandomNumberGenerator.Fill(prefix);
        return new DocumentHeader(keyVersion, chunkSize, BinaryPrimitives.ReadUInt64BigEndian(prefix));
    }

    public void Write(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[4] = FormatVersion;
        destination[5] = NonceSchemePrefixCounter;
        destination[6] = 0;
        destination[7] = 0;
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], KeyVersion);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], ChunkSize);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], NoncePrefix);
    }

    /// <summary>Parses a header; false for anything this code does not write (magic, versions, reserved bits, sizes).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out DocumentHeader header)
    {
        header = default;
        if (source.Length < Size || !source[..4].SequenceEqual(Magic) || source[4] != FormatVersion
            || source[5] != NonceSchemePrefixCounter || source[6] != 0 || source[7] != 0)
        {
            return false;
        }

        var keyVersion = BinaryPrimitives.ReadInt32BigEndian(source[8..]);
        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(source[12..]);
        if (keyVersion <= 0 || chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            return false;
        }

        header = new DocumentHeader(keyVersion, chunkSize, BinaryPrimitives.ReadUInt64BigEndian(source[16..]));
        return true;
    }
}
