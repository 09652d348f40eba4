using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Viggotech.Core.Exports.Format;

/// <summary>
/// The 76-byte header of an encrypted export (docs/export-format.md): <c>"VGTEXP" ‖ version(1)=1 ‖
/// kdf(1)=1 (PBKDF2-HMAC-SHA256) ‖ iterations(4) ‖ salt(16) ‖ chunk size(4) ‖ nonce prefix(8) ‖
/// key check(32)</c>, integers big-endian. The key check is HMAC-SHA256 under the derived key of
/// the 44 bytes before it: a wrong passphrase is told apart from a damaged file before any chunk is read.
/// </summary>
internal readonly record struct ExportHeader(int Iterations, byte[] Salt, int ChunkSize, ulong NoncePrefix)
{
    public const int Size = 76;
    public const int SaltSize = 16;
    public const byte Version = 1;
    public const byte Pbkdf2Sha256 = 1;
    public const int MinIterations = 100_000;
    public const int MaxIterations = 10_000_000;
    public const int MinChunkSize = 1024;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    private const int CheckedSize = Size - 32;
    private static ReadOnlySpan<byte> Magic => "VGTEXP"u8;
    private static ReadOnlySpan<byte> CheckLabel => "viggotech export key check v1"u8;

    /// <summary>A header for a key derived under <paramref name="salt"/>, with a fresh random nonce prefix.</summary>
    public static ExportHeader Create(int iterations, byte[] salt, int chunkSize) =>
        new(iterations, salt, chunkSize, BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8)));

    /// <summary>The derived AES-256 key; the caller zeroes it.</summary>
    public byte[] DeriveKey(string passphrase) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, Salt, Iterations, HashAlgorithmName.SHA256, 32);

    public byte[] Write(ReadOnlySpan<byte> key)
    {
        var bytes = new byte[Size];
        Magic.CopyTo(bytes);
        bytes[6] = Version;
        bytes[7] = Pbkdf2Sha256;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), Iterations);
        Salt.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(28), ChunkSize);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(32), NoncePrefix);
        Check(key, bytes.AsSpan(0, CheckedSize), bytes.AsSpan(CheckedSize));
        return bytes;
    }

    /// <exception cref="ExportException">Not an export header this reader supports.</exception>
    public static ExportHeader Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new ExportException(ExportProblem.Unreadable, "This is not a Viggotech export (.vgtexport) file.");
        }

        if (bytes[6] != Version || bytes[7] != Pbkdf2Sha256)
        {
            throw new ExportException(ExportProblem.Unreadable, $"Export format version {bytes[6]} with key derivation {bytes[7]} is not supported by this tool.");
        }

        var iterations = BinaryPrimitives.ReadInt32BigEndian(bytes[8..]);
        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(bytes[28..]);
        if (iterations is < MinIterations or > MaxIterations || chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new ExportException(ExportProblem.Unreadable, "The export's header has key derivation or chunk parameters out of range.");
        }

        return new ExportHeader(iterations, bytes.Slice(12, SaltSize).ToArray(), chunkSize, BinaryPrimitives.ReadUInt64BigEndian(bytes[32..]));
    }

    /// <exception cref="ExportException">The key does not match the header's key check.</exception>
    public static void CheckKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header)
    {
        Span<byte> expected = stackalloc byte[32];
        Check(key, header[..CheckedSize], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, header.Slice(CheckedSize, 32)))
        {
            throw new ExportException(ExportProblem.WrongPassphrase, "The passphrase is wrong (or the export's header was altered).");
        }
    }

    private static void Check(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, Span<byte> destination)
    {
        Span<byte> data = stackalloc byte[CheckLabel.Length + CheckedSize];
        CheckLabel.CopyTo(data);
        header.CopyTo(data[CheckLabel.Length..]);
        HMACSHA256.HashData(key, data, destination);
    }
}
