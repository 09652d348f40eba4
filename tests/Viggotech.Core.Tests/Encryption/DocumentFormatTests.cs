using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>The chunked document format against tampering, with a tenant's real data key.</summary>
[Collection(EncryptedPlatformCollection.Name)]
public sealed class DocumentFormatTests(EncryptedPlatformFixture fixture)
{
    private const int Chunk = 1024;
    private const int Record = Chunk + 16;
    private const int Header = DocumentHeader.Size;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * Chunk)]
    [InlineData(5 * Chunk + 17)]
    public async Task Documents_of_any_length_round_trip(int length)
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var plaintext = RandomNumberGenerator.GetBytes(length);
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, plaintext);

            Assert.Equal(DocumentCipher.EncryptedLength(length, Chunk), encrypted.Length);
            Assert.Equal(plaintext, await DecryptAsync(key, tenantId, documentId, encrypted, readSize: 333));
            Assert.Equal(plaintext, await DecryptAsync(key, tenantId, documentId, encrypted, readSize: 2 * Chunk));
        }
    }

    [Fact]
    public async Task One_flipped_byte_anywhere_fails_and_no_byte_of_that_chunk_is_returned()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var plaintext = RandomNumberGenerator.GetBytes(4 * Chunk + 100);
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, plaintext);

            foreach (var (position, readSize) in new[] { 2, 9, 13, 20, Header + 5, Header + Record + 3, Header + 2 * Record - 1, encrypted.Length - 1 }
                         .SelectMany(p => new[] { (p, 333), (p, Chunk) }))
            {
                var tampered = (byte[])encrypted.Clone();
                tampered[position] ^= 0x01;
                var (returned, failure) = await DecryptUntilFailureAsync(key, tenantId, documentId, tampered, readSize);
                Assert.NotNull(failure);
                // Whatever came out before the failure is exactly the start of the real document.
                Assert.Equal(plaintext.AsSpan(0, returned.Length).ToArray(), returned);
                Assert.Equal(0, returned.Length % Chunk);
            }
        }
    }

    [Fact]
    public async Task Swapped_chunks_fail()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, RandomNumberGenerator.GetBytes(4 * Chunk));
            var swapped = (byte[])encrypted.Clone();
            encrypted.AsSpan(Header + Record, Record).CopyTo(swapped.AsSpan(Header + 2 * Record));
            encrypted.AsSpan(Header + 2 * Record, Record).CopyTo(swapped.AsSpan(Header + Record));

            var (returned, failure) = await DecryptUntilFailureAsync(key, tenantId, documentId, swapped);
            Assert.Equal(IntegrityFailure.AuthenticationFailed, failure?.Failure);
            Assert.Equal(Chunk, returned.Length);
        }
    }

    [Fact]
    public async Task A_chunk_from_another_document_fails_even_at_the_same_position()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
            var plaintext = RandomNumberGenerator.GetBytes(3 * Chunk);
            var a = await EncryptAsync(key, first, plaintext);
            var b = await EncryptAsync(key, second, plaintext);
            b.AsSpan(Header + Record, Record).CopyTo(a.AsSpan(Header + Record));

            var (_, failure) = await DecryptUntilFailureAsync(key, tenantId, first, a);
            Assert.Equal(IntegrityFailure.AuthenticationFailed, failure?.Failure);
        }
    }

    [Fact]
    public async Task A_whole_document_presented_as_another_fails()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var encrypted = await EncryptAsync(key, Guid.NewGuid(), RandomNumberGenerator.GetBytes(Chunk));
            var (returned, failure) = await DecryptUntilFailureAsync(key, tenantId, Guid.NewGuid(), encrypted);
            Assert.Equal(IntegrityFailure.AuthenticationFailed, failure?.Failure);
            Assert.Empty(returned);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Truncation_at_a_chunk_boundary_is_reported_as_truncation(int chunksKept)
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, RandomNumberGenerator.GetBytes(3 * Chunk + 10));
            var truncated = encrypted.AsSpan(0, Header + chunksKept * Record).ToArray();

            var (_, failure) = await DecryptUntilFailureAsync(key, tenantId, documentId, truncated);
            Assert.Equal(IntegrityFailure.Truncated, failure?.Failure);
        }
    }

    [Fact]
    public async Task Truncation_inside_a_chunk_or_down_to_the_header_fails()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, RandomNumberGenerator.GetBytes(2 * Chunk));
            foreach (var length in new[] { Header, Header + 10, Header + Record + 500, encrypted.Length - 1, 10 })
            {
                var (_, failure) = await DecryptUntilFailureAsync(key, tenantId, documentId, encrypted.AsSpan(0, length).ToArray());
                Assert.NotNull(failure);
            }
        }
    }

    [Fact]
    public async Task An_appended_chunk_is_reported_as_trailing_data()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, RandomNumberGenerator.GetBytes(2 * Chunk));
            var appended = encrypted.Concat(encrypted.AsSpan(Header, Record).ToArray()).ToArray();

            var (returned, failure) = await DecryptUntilFailureAsync(key, tenantId, documentId, appended);
            Assert.Equal(IntegrityFailure.TrailingData, failure?.Failure);
            Assert.Equal(Chunk, returned.Length);

            var (_, garbage) = await DecryptUntilFailureAsync(key, tenantId, documentId, [.. encrypted, 0x00]);
            Assert.NotNull(garbage);
        }
    }

    [Fact]
    public async Task A_header_naming_another_key_version_than_the_metadata_is_refused()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            var documentId = Guid.NewGuid();
            var encrypted = await EncryptAsync(key, documentId, RandomNumberGenerator.GetBytes(100));

            var failure = await Assert.ThrowsAsync<DataIntegrityException>(() => DocumentCipher.OpenAsync(
                new MemoryStream(encrypted), tenantId, documentId, (_, _) => ValueTask.FromResult(Retain(key)), expectedKeyVersion: 2));
            Assert.Equal(IntegrityFailure.KeyMismatch, failure.Failure);

            var notADocument = RandomNumberGenerator.GetBytes(200);
            var malformed = await Assert.ThrowsAsync<DataIntegrityException>(() => DocumentCipher.OpenAsync(
                new MemoryStream(notADocument), tenantId, documentId, (_, _) => ValueTask.FromResult(Retain(key))));
            Assert.Equal(IntegrityFailure.Malformed, malformed.Failure);
        }
    }

    [Fact]
    public async Task Encrypting_and_decrypting_stream_in_constant_memory_whatever_the_size()
    {
        var (key, tenantId) = await KeyAsync();
        using (key)
        {
            const long size = 64L * 1024 * 1024;
            var documentId = Guid.NewGuid();
            var ciphertext = new CountingSink();

            // Warm up code paths and pools, then measure a large document.
            await DocumentCipher.EncryptAsync(new PatternStream(1024 * 1024), Stream.Null, key, documentId, chunkSize: DocumentCipher.DefaultChunkSize);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var length = await DocumentCipher.EncryptAsync(new PatternStream(size), ciphertext, key, documentId, chunkSize: DocumentCipher.DefaultChunkSize);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.Equal(size, length);
            Assert.Equal(DocumentCipher.EncryptedLength(size), ciphertext.Length);
            Assert.True(allocated < 4 * 1024 * 1024, $"Encrypting {size} bytes allocated {allocated} bytes.");
        }
    }

    private async Task<(DataKeyLease Key, Guid TenantId)> KeyAsync()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        return (await scope.Services.GetRequiredService<TenantKeyring>().AcquireAsync(1), tenantId);
    }

    private static DataKeyLease Retain(DataKeyLease key) =>
        key.Key.TryRetain() ? new DataKeyLease(key.Key) : throw new InvalidOperationException("The key is gone.");

    private static async Task<byte[]> EncryptAsync(DataKeyLease key, Guid documentId, byte[] plaintext)
    {
        using var output = new MemoryStream();
        await DocumentCipher.EncryptAsync(new MemoryStream(plaintext), output, key, documentId, chunkSize: Chunk);
        return output.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(DataKeyLease key, Guid tenantId, Guid documentId, byte[] encrypted, int readSize)
    {
        var (returned, failure) = await DecryptUntilFailureAsync(key, tenantId, documentId, encrypted, readSize);
        return failure is null ? returned : throw failure;
    }

    /// <summary>
    /// Reads until the end or the first failure, <paramref name="readSize"/> bytes at a time (a
    /// whole chunk or more is decrypted straight into the reader's buffer); returns what was read
    /// before the failure.
    /// </summary>
    private static async Task<(byte[] Returned, DataIntegrityException? Failure)> DecryptUntilFailureAsync(
        DataKeyLease key, Guid tenantId, Guid documentId, byte[] encrypted, int readSize = 333)
    {
        var returned = new MemoryStream();
        try
        {
            await using var plaintext = await DocumentCipher.OpenAsync(new MemoryStream(encrypted), tenantId, documentId,
                (_, _) => ValueTask.FromResult(Retain(key)));
            var buffer = new byte[readSize];
            int read;
            while ((read = await plaintext.ReadAsync(buffer)) > 0)
            {
                returned.Write(buffer, 0, read);
            }

            return (returned.ToArray(), null);
        }
        catch (DataIntegrityException failure)
        {
            return (returned.ToArray(), failure);
        }
    }
}
