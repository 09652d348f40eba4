using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Viggotech.Core.Audit;

/// <summary>A SHA-256 value in the audit trail, written as 64 lowercase hex digits.</summary>
public readonly struct AuditHash : IEquatable<AuditHash>
{
    public const int Size = 32;
    public const int HexLength = 64;

    // Four words instead of an array: no allocation, and equality is four comparisons.
    private readonly ulong a, b, c, d;

    public AuditHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 value has {Size} bytes.", nameof(bytes));
        }
        a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The "previous hash" of the first event of a chain and of the first seal.</summary>
    public static AuditHash Zero => default;

    public static AuditHash Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(data, hash);
        return new AuditHash(hash);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], d);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Writes the 64 lowercase hex digits as UTF-8.</summary>
    public void WriteHex(Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static AuditHash Parse(string hex) =>
        TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var hash)
            ? hash
            : throw new FormatException("A hash is 64 lowercase hex digits.");

    /// <summary>Accepts exactly 64 lowercase hex digits: one spelling per value, like the rest of the format.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Hex, out AuditHash hash)
    {
        hash = default;
        if (utf8Hex.Length != HexLength)
        {
            return false;
        }
        // Verification parses two of these per event, so this is a table loop rather than a general decoder.
        Span<ulong> words = stackalloc ulong[4];
        var table = HexDigitValues;
        var invalid = 0;
        for (var w = 0; w < 4; w++)
        {
            ulong word = 0;
            foreach (var c in utf8Hex.Slice(w * 16, 16))
            {
                var value = table[c];
                invalid |= value;
                word = word << 4 | (byte)(value & 0x0F);
            }
            words[w] = word;
        }
        if ((invalid & 0x80) != 0)
        {
            return false;
        }
        hash = new AuditHash(words[0], words[1], words[2], words[3]);
        return true;
    }

    private AuditHash(ulong a, ulong b, ulong c, ulong d)
    {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    // Value of each lowercase hex digit; 0x80 marks every other byte.
    private static ReadOnlySpan<byte> HexDigitValues =>
    [
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    ];

    public bool Equals(AuditHash other) => a == other.a && b == other.b && c == other.c && d == other.d;

    public override bool Equals(object? obj) => obj is AuditHash other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(a, b, c, d);

    public static bool operator ==(AuditHash left, AuditHash right) => left.Equals(right);

    public static bool operator !=(AuditHash left, AuditHash right) => !left.Equals(right);
}
