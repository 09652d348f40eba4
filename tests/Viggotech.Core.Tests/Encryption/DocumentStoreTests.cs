using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Documents;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Encryption;

[Collection(EncryptedPlatformCollection.Name)]
public sealed class DocumentStoreTests(EncryptedPlatformFixture fixture)
{
    private const int Chunk = 4096;
    private const int Record = Chunk + 16;

    [Fact]
    public async Task A_document_uploads_lists_downloads_and_deletes()
    {
        var tenantId = await fixture.NewTenantAsync();
        var content = RandomNumberGenerator.GetBytes(300_000);
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        var info = await documents.UploadAsync(new DocumentUpload("Payslip March.pdf", "application/pdf", Guid.NewGuid()), new MemoryStream(content));
        Assert.Equal(content.Length, info.Size);
        Assert.Equal(info, await documents.GetAsync(info.Id));
        Assert.Equal(info, Assert.Single((await documents.ListAsync(1, 10)).Items));

        Assert.Equal(content, await DownloadAsync(documents, info.Id));

        Assert.True(await documents.DeleteAsync(info.Id));
        Assert.Null(await documents.OpenReadAsync(info.Id));
        Assert.Empty(await BlobsAsync(tenantId));
        Assert.Equal(0, await scope.Db.BlobDeletions.CountAsync());
    }

    [Fact]
    public async Task Neither_the_blob_nor_azurites_files_on_disk_hold_any_plaintext()
    {
        var tenantId = await fixture.NewTenantAsync();
        var marker = "SECRET-" + Guid.NewGuid().ToString("N");
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();
        var info = await documents.UploadAsync(new DocumentUpload($"{marker}.txt", "text/plain"), new PatternStream(200_000, marker));

        var blob = Assert.Single(await BlobsAsync(tenantId));
        var raw = (await fixture.Documents.GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)));
        Assert.Equal("VGTD"u8.ToArray(), raw[..4]);

        var files = Directory.EnumerateFiles(fixture.Azurite.DataPath, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker))));

        // And the round trip still gives the marker back.
        Assert.Contains(marker, Encoding.ASCII.GetString(await DownloadAsync(documents, info.Id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_and_leaves_nothing_behind()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            documents.UploadAsync(new DocumentUpload("big.bin", "application/octet-stream"), new PatternStream(500_000), maxBytes: 200_000));

        Assert.Equal("Content", Assert.Single(error.Errors).Key);
        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task An_empty_upload_and_bad_metadata_are_refused_with_field_errors()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        var empty = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            documents.UploadAsync(new DocumentUpload("empty.txt", "text/plain"), new MemoryStream()));
        Assert.Equal("Content", Assert.Single(empty.Errors).Key);

        var bad = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            documents.UploadAsync(new DocumentUpload("../etc/passwd", "not a type"), new MemoryStream([1, 2, 3])));
        Assert.Equal(["ContentType", "Name"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task An_upload_that_breaks_off_half_way_leaves_nothing_behind()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        // The client goes away after 150 kB: several blocks are already staged.
        await Assert.ThrowsAsync<IOException>(() =>
            documents.UploadAsync(new DocumentUpload("partial.bin", "application/octet-stream"), new BreakingStream(150_000)));

        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_behind()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => documents.UploadAsync(
            new DocumentUpload("cancelled.bin", "application/octet-stream"), new BreakingStream(150_000, cancellation), cancellationToken: cancellation.Token));

        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task A_document_of_declared_length_goes_to_storage_in_one_request_and_downloads_byte_for_byte()
    {
        var tenantId = await fixture.NewTenantAsync();
        var content = RandomNumberGenerator.GetBytes(10 * Chunk + 123);
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        var info = await documents.UploadAsync(new DocumentUpload("Contract.pdf", "application/pdf", Length: content.Length), new MemoryStream(content));

        Assert.Equal(content.Length, info.Size);
        Assert.Equal(content, await DownloadAsync(documents, info.Id));
        var blob = fixture.Documents.GetBlockBlobClient(Assert.Single(await BlobsAsync(tenantId)));
        Assert.Equal(DocumentCipher.EncryptedLength(content.Length, Chunk), (await blob.GetPropertiesAsync()).Value.ContentLength);
        // One Put Blob: the storage client did not fall back to staging blocks.
        Assert.Empty((await blob.GetBlockListAsync(BlockListTypes.All)).Value.CommittedBlocks);
        Assert.Equal(0, await scope.Db.BlobDeletions.CountAsync());
    }

    [Theory]
    [InlineData(100_000, 150_000)]
    [InlineData(150_000, 100_000)]
    [InlineData(4 * Chunk, 4 * Chunk - 1)]
    public async Task Content_shorter_or_longer_than_its_declared_length_is_refused_and_leaves_nothing_behind(int actual, int declared)
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        await Assert.ThrowsAsync<IOException>(() => documents.UploadAsync(
            new DocumentUpload("mismatch.bin", "application/octet-stream", Length: declared), new MemoryStream(RandomNumberGenerator.GetBytes(actual))));

        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task A_declared_upload_that_breaks_off_or_is_cancelled_half_way_leaves_nothing_behind()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        await Assert.ThrowsAsync<IOException>(() =>
            documents.UploadAsync(new DocumentUpload("partial.bin", "application/octet-stream", Length: 300_000), new BreakingStream(150_000)));
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => documents.UploadAsync(
            new DocumentUpload("cancelled.bin", "application/octet-stream", Length: 300_000), new BreakingStream(150_000, cancellation), cancellationToken: cancellation.Token));

        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_anything_is_read()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => documents.UploadAsync(
            new DocumentUpload("big.bin", "application/octet-stream", Length: 500_000), new BreakingStream(0), maxBytes: 200_000));

        Assert.Equal("Content", Assert.Single(error.Errors).Key);
        await AssertNothingStoredAsync(tenantId, scope);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_blob_fails_the_download_with_a_recorded_integrity_error()
    {
        var (tenantId, info, content) = await UploadAsync(10 * Chunk);
        await TamperAsync(tenantId, bytes =>
        {
            bytes[24 + 3 * Record + 100] ^= 0x80;
            return bytes;
        });

        var (returned, failure) = await DownloadUntilFailureAsync(tenantId, info.Id);
        Assert.Equal(IntegrityFailure.AuthenticationFailed, failure?.Failure);
        Assert.Equal(content.AsSpan(0, returned.Length).ToArray(), returned);
        Assert.True(returned.Length <= 3 * Chunk);
        Assert.Contains(fixture.Events.For(tenantId, KeyEventKind.IntegrityFailure), e => e.Detail!.Contains(info.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Swapped_chunks_in_the_blob_fail_the_download()
    {
        var (tenantId, info, _) = await UploadAsync(10 * Chunk);
        await TamperAsync(tenantId, bytes =>
        {
            var second = bytes.AsSpan(24 + Record, Record).ToArray();
            bytes.AsSpan(24 + 4 * Record, Record).CopyTo(bytes.AsSpan(24 + Record));
            second.CopyTo(bytes.AsSpan(24 + 4 * Record));
            return bytes;
        });

        var (returned, failure) = await DownloadUntilFailureAsync(tenantId, info.Id);
        Assert.Equal(IntegrityFailure.AuthenticationFailed, failure?.Failure);
        Assert.Equal(Chunk, returned.Length);
    }

    [Fact]
    public async Task A_truncated_blob_fails_the_download()
    {
        var (tenantId, info, _) = await UploadAsync(10 * Chunk + 5);
        await TamperAsync(tenantId, bytes => bytes[..(24 + 6 * Record)]);

        var (_, failure) = await DownloadUntilFailureAsync(tenantId, info.Id);
        Assert.Equal(IntegrityFailure.Truncated, failure?.Failure);
    }

    [Fact]
    public async Task An_appended_chunk_fails_the_download()
    {
        var (tenantId, info, _) = await UploadAsync(3 * Chunk);
        // The first chunk's record again after the final one.
        await TamperAsync(tenantId, bytes => [.. bytes, .. bytes.AsSpan(24, Record)]);

        var (_, failure) = await DownloadUntilFailureAsync(tenantId, info.Id);
        Assert.Equal(IntegrityFailure.TrailingData, failure?.Failure);
    }

    [Fact]
    public async Task Another_documents_blob_put_in_place_fails_the_download()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var documents = scope.Services.GetRequiredService<DocumentStore>();
        var first = await documents.UploadAsync(new DocumentUpload("a.bin", "application/octet-stream"), new MemoryStream(RandomNumberGenerator.GetBytes(9000)));
        var second = await documents.UploadAsync(new DocumentUpload("b.bin", "application/octet-stream"), new MemoryStream(RandomNumberGenerator.GetBytes(9000)));

        var firstBlob = await scope.Db.Documents.Where(d => d.Id == first.Id).Select(d => d.BlobName).SingleAsync();
        var secondBlob = await scope.Db.Documents.Where(d => d.Id == second.Id).Select(d => d.BlobName).SingleAsync();
        var bytes = (await fixture.Documents.GetBlobClient(secondBlob).DownloadContentAsync()).Value.Content;
        await fixture.Documents.GetBlobClient(firstBlob).UploadAsync(bytes, overwrite: true);

        var (returned, failure) = await DownloadUntilFailureAsync(tenantId, first.Id);
        Assert.Equal(IntegrityFailure.AuthenticationFailed, failure?.Failure);
        Assert.Empty(returned);
    }

    [Fact]
    public async Task A_document_whose_blob_is_gone_reports_missing_content()
    {
        var (tenantId, info, _) = await UploadAsync(100);
        foreach (var blob in await BlobsAsync(tenantId))
        {
            await fixture.Documents.DeleteBlobAsync(blob);
        }

        await using var scope = fixture.ForTenant(tenantId);
        var failure = await Assert.ThrowsAsync<DataIntegrityException>(() => scope.Services.GetRequiredService<DocumentStore>().OpenReadAsync(info.Id));
        Assert.Equal(IntegrityFailure.Missing, failure.Failure);
    }

    [Fact]
    public async Task Another_tenant_cannot_see_or_open_a_document()
    {
        var (a, info, _) = await UploadAsync(1000);
        var b = await fixture.NewTenantAsync();

        await using var scope = fixture.ForTenant(b);
        var documents = scope.Services.GetRequiredService<DocumentStore>();
        Assert.Null(await documents.GetAsync(info.Id));
        Assert.Null(await documents.OpenReadAsync(info.Id));
        Assert.False(await documents.DeleteAsync(info.Id));
        Assert.Single(await BlobsAsync(a));
    }

    [Fact]
    public async Task An_abandoned_upload_is_swept_once_due()
    {
        var tenantId = await fixture.NewTenantAsync();
        var documentId = Guid.NewGuid();
        var prefix = DocumentsTable.BlobPrefix(tenantId, documentId);
        await fixture.Documents.GetBlobClient(prefix + "k1.vgtd").UploadAsync(BinaryData.FromBytes([1, 2, 3]));
        await using (var scope = fixture.ForTenant(tenantId))
        {
            scope.Db.BlobDeletions.Add(new BlobDeletion { Id = Guid.NewGuid(), TenantId = tenantId, BlobPrefix = prefix, NotBefore = DateTimeOffset.UtcNow.AddSeconds(-1) });
            await scope.Db.SaveChangesAsync();
        }

        await using (var none = fixture.Platform.WithoutTenant())
        {
            Assert.Contains(tenantId, await BlobDeletionSweep.TenantsWithDueDeletionsAsync(none.Db, default));
        }

        await using (var scope = fixture.ForTenant(tenantId))
        {
            Assert.Equal(1, await scope.Services.GetRequiredService<BlobDeletionSweep>().RunAsync(default));
            Assert.Equal(0, await scope.Db.BlobDeletions.CountAsync());
        }

        Assert.Empty(await BlobsAsync(tenantId));
    }

    private async Task<(Guid TenantId, DocumentInfo Info, byte[] Content)> UploadAsync(int length)
    {
        var tenantId = await fixture.NewTenantAsync();
        var content = RandomNumberGenerator.GetBytes(length);
        await using var scope = fixture.ForTenant(tenantId);
        // Declared, as the Api's uploads are: the tampering tests attack what one Put Blob stored.
        var info = await scope.Services.GetRequiredService<DocumentStore>()
            .UploadAsync(new DocumentUpload("tamper.bin", "application/octet-stream", Length: length), new MemoryStream(content));
        return (tenantId, info, content);
    }

    /// <summary>Rewrites the tenant's only blob with changed bytes, as someone with storage access could.</summary>
    private async Task TamperAsync(Guid tenantId, Func<byte[], byte[]> change)
    {
        var blob = fixture.Documents.GetBlobClient(Assert.Single(await BlobsAsync(tenantId)));
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        await blob.UploadAsync(BinaryData.FromBytes(change(bytes)), overwrite: true);
    }

    private async Task<(byte[] Returned, DataIntegrityException? Failure)> DownloadUntilFailureAsync(Guid tenantId, Guid documentId)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var returned = new MemoryStream();
        try
        {
            await using var download = await scope.Services.GetRequiredService<DocumentStore>().OpenReadAsync(documentId);
            await download!.Content.CopyToAsync(returned);
            return (returned.ToArray(), null);
        }
        catch (DataIntegrityException failure)
        {
            return (returned.ToArray(), failure);
        }
    }

    private static async Task<byte[]> DownloadAsync(DocumentStore documents, Guid id)
    {
        await using var download = await documents.OpenReadAsync(id);
        using var output = new MemoryStream();
        await download!.Content.CopyToAsync(output);
        return output.ToArray();
    }

    private async Task<List<string>> BlobsAsync(Guid tenantId)
    {
        var names = new List<string>();
        await foreach (var item in fixture.Documents.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId:D}/" }))
        {
            names.Add(item.Name);
        }

        return names;
    }

    private async Task AssertNothingStoredAsync(Guid tenantId, TenantScope scope)
    {
        Assert.Empty(await BlobsAsync(tenantId));
        Assert.Equal(0, await scope.Db.Documents.CountAsync());
        Assert.Equal(0, await scope.Db.BlobDeletions.CountAsync());
    }
}
