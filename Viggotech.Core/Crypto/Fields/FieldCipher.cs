using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Fields;

/// <summary>
/// AES-256-GCM for single values. Envelope (see docs/encryption-format.md):
/// <c>format(1) = 0x01 ‖ key version(4, big-endian) ‖ nonce(12, random) ‖ ciphertext ‖ tag(16)</c>.
/// The associated data is a fixed label, the tenant id, the length-prefixed table and column
/// names, the row id and the envelope's first five bytes, so a value decrypts only in the row,
/// column and tenant it was written for, and only under the key version it names.
/// </summary>
public static class FieldCipher
{
    public const byte FormatVersion = 1;
    public const int HeaderSize = 1 + 4;
    public const int NonceSize = 12;
    public const int TagSize = DataKey.FieldTagSize;
    public const int Overhead = HeaderSize + NonceSize + TagSize;

    private const int StackLimit = 512;
    private static ReadOnlySpan<byte> Label => "viggotech/field/v1"u8;

    public static int EnvelopeLength(int plaintextLength) => plaintextLength + Overhead;

    public static byte[] Encrypt(DataKeyLease key, EncryptedColumn column, Guid rowId, string plaintext)
    {
        var length = Encoding.UTF8.GetByteCount(plaintext);
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        var utf8 = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            Encoding.UTF8.GetBytes(plaintext, utf8);
            var envelope = new byte[EnvelopeLength(length)];
            Encrypt(key, column, rowId, utf8, envelope);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Encrypts into <paramref name="envelope"/>, which must be exactly <see cref="EnvelopeLength"/> bytes.</summary>
    public static void Encrypt(DataKeyLease key, EncryptedColumn column, Guid rowId, ReadOnlySpan<byte> plaintext, Span<byte> envelope)
    {
        if (envelope.Length != EnvelopeLength(plaintext.Length))
        {
            throw new ArgumentException("The envelope buffer has the wrong length.", nameof(envelope));
        }

        envelope[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(envelope[1..HeaderSize], key.Version);
        var nonce = envelope.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> aad = stackalloc byte[AssociatedDataLength(column)];
        WriteAssociatedData(aad, key.TenantId, column, rowId, envelope[..HeaderSize]);

        var cipher = key.RentFieldCipher();
        try
        {
            cipher.Encrypt(nonce, plaintext, envelope.Slice(HeaderSize + NonceSize, plaintext.Length), envelope[^TagSize..], aad);
        }
        finally
        {
            key.ReturnFieldCipher(cipher);
        }
    }

    /// <summary>The key version an envelope names; throws <see cref="DataIntegrityException"/> when it is not an envelope.</summary>
    public static int KeyVersion(Guid tenantId, EncryptedColumn column, Guid rowId, ReadOnlySpan<byte> envelope) =>
        envelope.Length >= Overhead && envelope[0] == FormatVersion && BinaryPrimitives.ReadInt32BigEndian(envelope[1..HeaderSize]) is > 0 and var version
            ? version
            : throw new DataIntegrityException(tenantId, column.ToString(), rowId, IntegrityFailure.Malformed);

    public static int PlaintextLength(ReadOnlySpan<byte> envelope) => envelope.Length - Overhead;

    /// <summary>
    /// Decrypts into <paramref name="plaintext"/> (exactly <see cref="PlaintextLength"/> bytes). On
    /// any failure <paramref name="plaintext"/> is zeroed and <see cref="DataIntegrityException"/> thrown.
    /// </summary>
    public static void Decrypt(DataKeyLease key, EncryptedColumn column, Guid rowId, ReadOnlySpan<byte> envelope, Span<byte> plaintext)
    {
        var version = KeyVersion(key.TenantId, column, rowId, envelope);
        if (version != key.Version || plaintext.Length != PlaintextLength(envelope))
        {
            throw new ArgumentException("The key or buffer does not match the envelope.");
        }

        Span<byte> aad = stackalloc byte[AssociatedDataLength(column)];
        WriteAssociatedData(aad, key.TenantId, column, rowId, envelope[..HeaderSize]);
        var cipher = key.RentFieldCipher();
        try
        {
            cipher.Decrypt(envelope.Slice(HeaderSize, NonceSize), envelope[(HeaderSize + NonceSize)..^TagSize], envelope[^TagSize..], plaintext, aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new DataIntegrityException(key.TenantId, column.ToString(), rowId, IntegrityFailure.AuthenticationFailed, e);
        }
        finally
        {
            key.ReturnFieldCipher(cipher);
        }
    }

    public static string DecryptString(DataKeyLease key, EncryptedColumn column, Guid rowId, ReadOnlySpan<byte> envelope)
    {
        var length = PlaintextLength(envelope);
        if (length < 0)
        {
            throw new DataIntegrityException(key.TenantId, column.ToString(), rowId, IntegrityFailure.Malformed);
        }

        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        var utf8 = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            Decrypt(key, column, rowId, envelope, utf8);
            return Encoding.UTF8.GetString(utf8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int AssociatedDataLength(EncryptedColumn column) => Label.Length + 16 + column.Label.Length + 16 + HeaderSize;

    private static void WriteAssociatedData(Span<byte> aad, Guid tenantId, EncryptedColumn column, Guid rowId, ReadOnlySpan<byte> header)
    {
        Label.CopyTo(aad);
        var rest = aad[Label.Length..];
        tenantId.TryWriteBytes(rest, bigEndian: true, out _);
        rest = rest[16..];
        column.Label.Span.CopyTo(rest);
        rest = rest[column.Label.Length..];
        rowId.TryWriteBytes(rest, bigEndian: true, out _);
        header.CopyTo(rest[16..]);
    }
}
