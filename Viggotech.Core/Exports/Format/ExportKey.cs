using System.Security.Cryptography;

namespace Viggotech.Core.Exports.Format;

/// <summary>
/// The archive key of one export: PBKDF2-HMAC-SHA256 of the passphrase under <see cref="Salt"/>
/// and <see cref="Iterations"/> (docs/export-format.md). It is derived where the passphrase is
/// typed, so the passphrase itself goes no further; salt and iterations are written into the
/// file's header, which is how a reader derives the same key again. Zeroed when disposed.
/// </summary>
public sealed class ExportKey : IDisposable
{
    public const int Size = 32;
    private readonly byte[] key;

    private ExportKey(byte[] key, byte[] salt, int iterations)
    {
        this.key = key;
        Salt = salt;
        Iterations = iterations;
    }

    public ReadOnlySpan<byte> Bytes => key;

    public byte[] Salt { get; }

    public int Iterations { get; }

    /// <summary>A fresh salt and the key the passphrase gives under it.</summary>
    public static ExportKey Derive(string passphrase, int iterations = ExportEncryptingStream.DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, ExportHeader.MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, ExportHeader.MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(ExportHeader.SaltSize);
        return new ExportKey(Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, Size), salt, iterations);
    }

    /// <summary>A key derived earlier (and kept sealed meanwhile), with the salt and iterations it was derived under; takes a copy of <paramref name="key"/>.</summary>
    public static ExportKey FromDerived(ReadOnlySpan<byte> key, byte[] salt, int iterations)
    {
        if (key.Length != Size || salt.Length != ExportHeader.SaltSize || iterations is < ExportHeader.MinIterations or > ExportHeader.MaxIterations)
        {
            throw new ArgumentException("Not an export key: wrong key or salt length, or iterations out of range.");
        }

        return new ExportKey(key.ToArray(), salt, iterations);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(key);
}
