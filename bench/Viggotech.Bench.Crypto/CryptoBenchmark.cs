using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Bench.Crypto;

/// <summary>
/// AES-256-GCM through the platform's own field and document code, 64 KiB at a time (the
/// document chunk size), single-threaded like <c>openssl speed</c>: a 64 KiB field value
/// encrypted and decrypted, a 1 MiB document streamed through encryption and decryption (16
/// chunks, header, per-document key setup and buffers included), and, to show where time goes,
/// one document chunk sealed and opened without a stream around it. The 1 MiB document stays in
/// cache as openssl's buffer does, so both sides measure the cipher rather than memory.
/// </summary>
[MemoryDiagnoser]
public class CryptoBenchmark
{
    public const int ChunkBytes = DocumentCipher.DefaultChunkSize;
    public const int DocumentBytes = 1 * 1024 * 1024;

    private static readonly EncryptedColumn Column = new("people", "notes", FieldClassification.Sensitive);
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid rowId = Guid.NewGuid();
    private DataKeyLease key = null!;
    private byte[] fieldPlaintext = null!;
    private byte[] fieldEnvelope = null!;
    private byte[] fieldOutput = null!;
    private byte[] document = null!;
    private byte[] encryptedDocument = null!;
    private MemoryStream documentSource = null!;
    private byte[] readBuffer = null!;
    private ChunkCipher chunkCipher = null!;
    private byte[] chunkRecord = null!;
    private byte[] sealedRecord = null!;
    private byte[] chunkOutput = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        key = new DataKeyLease(new DataKey(tenantId, 1, dataKey));
        fieldPlaintext = RandomNumberGenerator.GetBytes(ChunkBytes);
        fieldEnvelope = new byte[FieldCipher.EnvelopeLength(ChunkBytes)];
        fieldOutput = new byte[ChunkBytes];
        FieldCipher.Encrypt(key, Column, rowId, fieldPlaintext, fieldEnvelope);

        document = RandomNumberGenerator.GetBytes(DocumentBytes);
        documentSource = new MemoryStream(document, writable: false);
        using var encrypted = new MemoryStream();
        DocumentCipher.EncryptAsync(new MemoryStream(document), encrypted, key, rowId).GetAwaiter().GetResult();
        encryptedDocument = encrypted.ToArray();
        readBuffer = new byte[128 * 1024];

        chunkCipher = new ChunkCipher(key.Key.DocumentKey, tenantId, rowId, DocumentHeader.Create(1, ChunkBytes));
        chunkRecord = RandomNumberGenerator.GetBytes(ChunkBytes + ChunkCipher.TagSize);
        sealedRecord = (byte[])chunkRecord.Clone();
        chunkCipher.Seal(sealedRecord, ChunkBytes, 7, final: false);
        chunkOutput = new byte[ChunkBytes];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        chunkCipher.Dispose();
        key.Dispose();
    }

    /// <summary>One document chunk sealed in place: the per-chunk work of the document format without any stream around it.</summary>
    [Benchmark]
    public void DocumentChunkSeal64K() => chunkCipher.Seal(chunkRecord, ChunkBytes, 7, final: false);

    [Benchmark]
    public bool DocumentChunkOpen64K() => chunkCipher.TryOpen(sealedRecord, chunkOutput, 7, final: false);

    [Benchmark]
    public void FieldEncrypt64K() => FieldCipher.Encrypt(key, Column, rowId, fieldPlaintext, fieldEnvelope);

    [Benchmark]
    public void FieldDecrypt64K() => FieldCipher.Decrypt(key, Column, rowId, fieldEnvelope, fieldOutput);

    [Benchmark]
    public async Task<long> DocumentStreamEncrypt1M()
    {
        documentSource.Position = 0;
        return await DocumentCipher.EncryptAsync(documentSource, Stream.Null, key, rowId);
    }

    [Benchmark]
    public async Task<long> DocumentStreamDecrypt1M()
    {
        // The plaintext stream owns (and disposes) its source: a fresh view of the same bytes each call.
        await using var plaintext = await DocumentCipher.OpenAsync(new MemoryStream(encryptedDocument, writable: false), tenantId, rowId,
            (_, _) => ValueTask.FromResult(Retain()));
        long total = 0;
        int read;
        while ((read = await plaintext.ReadAsync(readBuffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The bytes of plaintext each benchmark method processes per call.</summary>
    public static long BytesPerCall(string method) => method.EndsWith("64K", StringComparison.Ordinal) ? ChunkBytes : DocumentBytes;

    private DataKeyLease Retain() => key.Key.TryRetain() ? new DataKeyLease(key.Key) : throw new InvalidOperationException("The key is gone.");
}
