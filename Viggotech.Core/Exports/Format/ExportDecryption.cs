using System.Security.Cryptography;

namespace Viggotech.Core.Exports.Format;

/// <summary>Opens an encrypted export: checks the passphrase, then authenticates and decrypts every chunk in order.</summary>
public static class ExportDecryption
{
    /// <summary>Decrypts <paramref name="source"/> into <paramref name="destination"/>; returns the plaintext length.</summary>
    /// <exception cref="ExportException">Not an export, wrong passphrase, or a chunk that does not authenticate (naming it).</exception>
    public static async Task<long> DecryptAsync(Stream source, Stream destination, string passphrase, CancellationToken cancellationToken = default)
    {
        var headerBytes = new byte[ExportHeader.Size];
        if (await source.ReadAtLeastAsync(headerBytes, headerBytes.Length, throwOnEndOfStream: false, cancellationToken) < headerBytes.Length)
        {
            throw new ExportException(ExportProblem.Unreadable, "This is not a Viggotech export (.vgtexport) file: it is shorter than the header.");
        }

        var header = ExportHeader.Read(headerBytes);
        var key = header.DeriveKey(passphrase);
        try
        {
            ExportHeader.CheckKey(key, headerBytes);
            using var chunks = new ExportChunks(key, headerBytes, header.NoncePrefix);
            var recordSize = header.ChunkSize + ExportChunks.TagSize;
            // One record read ahead: a record is the final one exactly when nothing follows it.
            var current = new byte[recordSize];
            var next = new byte[recordSize];
            var plaintext = new byte[header.ChunkSize];
            var currentLength = await source.ReadAtLeastAsync(current, recordSize, throwOnEndOfStream: false, cancellationToken);
            long total = 0;
            for (uint index = 0; ; index++)
            {
                if (currentLength < ExportChunks.TagSize)
                {
                    throw new ExportException(ExportProblem.Tampered, $"The export ends inside chunk {index}: it was cut short.");
                }

                var nextLength = currentLength == recordSize
                    ? await source.ReadAtLeastAsync(next, recordSize, throwOnEndOfStream: false, cancellationToken)
                    : 0;
                var final = nextLength == 0;
                if (!chunks.TryOpen(index, final, current.AsSpan(0, currentLength), plaintext))
                {
                    throw new ExportException(ExportProblem.Tampered, final
                        ? $"Chunk {index} (the last) does not authenticate: the export was altered, cut short or extended."
                        : $"Chunk {index} does not authenticate: the export was altered.");
                }

                var length = currentLength - ExportChunks.TagSize;
                await destination.WriteAsync(plaintext.AsMemory(0, length), cancellationToken);
                total += length;
                if (final)
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                    return total;
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
