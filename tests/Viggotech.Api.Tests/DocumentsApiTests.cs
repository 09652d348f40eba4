using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class DocumentsApiTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task A_document_uploads_lists_downloads_byte_for_byte_and_deletes_and_each_step_is_audited()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 123);

        var uploaded = await owner.UploadAsync(tokens.AccessToken, "quarterly report.pdf", content, declareLength: false);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var document = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var id = document.GetProperty("id").GetString();
        Assert.Equal(content.Length, document.GetProperty("size").GetInt64());

        var list = await (await owner.SendAsync(HttpMethod.Get, "/api/documents", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("quarterly report.pdf", listed.GetProperty("name").GetString());
        Assert.Equal("application/pdf", listed.GetProperty("contentType").GetString());
        Assert.Equal(account.Email, listed.GetProperty("uploaderEmail").GetString());
        Assert.Equal(100L * 1024 * 1024, list.GetProperty("maxUploadBytes").GetInt64());

        var download = await owner.SendAsync(HttpMethod.Get, $"/api/documents/{id}/content", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/documents/{id}", tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Get, $"/api/documents/{id}/content", tokens.AccessToken)).StatusCode);
        Assert.Empty(await BlobsAsync(account.TenantId));

        var actions = await owner.AuditActionsAsync(tokens.AccessToken);
        foreach (var action in new[] { "document.upload", "document.list", "document.download", "document.delete" })
        {
            Assert.Contains(action, actions);
        }
    }

    [Fact]
    public async Task Empty_and_oversized_uploads_get_field_errors_and_leave_nothing_behind()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var limit = await owner.SendAsync(HttpMethod.Put, "/api/documents/settings", tokens.AccessToken, new { maxUploadMegabytes = 1 });
        Assert.Equal(HttpStatusCode.OK, limit.StatusCode);

        var empty = await owner.UploadAsync(tokens.AccessToken, "empty.txt", [], "text/plain");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("content", out _));

        var declared = await owner.UploadAsync(tokens.AccessToken, "big.bin", new byte[2 * 1024 * 1024], "application/octet-stream");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.True((await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("content", out _));

        // Without Content-Length the limit is found while the encrypted blob is already being written.
        var streamed = await owner.UploadAsync(tokens.AccessToken, "big.bin", new byte[2 * 1024 * 1024], "application/octet-stream", declareLength: false);
        Assert.Equal(HttpStatusCode.BadRequest, streamed.StatusCode);
        Assert.Contains("1 MB", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badName = await owner.UploadAsync(tokens.AccessToken, "a/b.txt", [1, 2, 3], "text/plain");
        Assert.True((await badName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));

        var list = await (await owner.SendAsync(HttpMethod.Get, "/api/documents", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(1024 * 1024, list.GetProperty("maxUploadBytes").GetInt64());
        Assert.Empty(await BlobsAsync(account.TenantId));
    }

    [Fact]
    public async Task Another_organisation_gets_not_found_and_a_read_only_user_cannot_upload_or_delete()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var __ = other;
        var id = (await (await owner.UploadAsync(tokens.AccessToken, "contract.pdf", RandomNumberGenerator.GetBytes(10_000))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/documents/{id}/content", otherTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/documents/{id}", otherTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/api/documents/{id}", otherTokens.AccessToken)).StatusCode);

        var (reader, readerTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.ReadOnly);
        using var ___ = reader;
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(HttpMethod.Get, $"/api/documents/{id}/content", readerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.UploadAsync(readerTokens.AccessToken, "x.pdf", [1, 2, 3])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(HttpMethod.Delete, $"/api/documents/{id}", readerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(HttpMethod.Put, "/api/documents/settings", readerTokens.AccessToken, new { maxUploadMegabytes = 500 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, $"/api/documents/{id}", tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_tampered_document_is_refused_with_an_integrity_problem_instead_of_wrong_bytes()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var id = (await (await owner.UploadAsync(tokens.AccessToken, "ledger.csv", RandomNumberGenerator.GetBytes(50_000), "text/csv")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString();

        var blob = (await BlobsAsync(account.TenantId)).Single();
        var client = (await ContainerAsync()).GetBlobClient(blob);
        var stored = (await client.DownloadContentAsync()).Value.Content.ToArray();
        stored[100] ^= 0x01;
        await client.UploadAsync(new BinaryData(stored), overwrite: true);

        var response = await owner.SendAsync(HttpMethod.Get, $"/api/documents/{id}/content", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data.integrity_failure", await owner.AuditActionsAsync(tokens.AccessToken));
    }

    private async Task<BlobContainerClient> ContainerAsync()
    {
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_01_05) { Transport = new HttpClientTransport(platform.CreateTrustingHandler()) };
        return new BlobServiceClient(await platform.ConnectionStringAsync("storage-a"), options).GetBlobContainerClient("documents");
    }

    private async Task<List<string>> BlobsAsync(Guid tenantId)
    {
        var names = new List<string>();
        await foreach (var blob in (await ContainerAsync()).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{tenantId:D}/", default))
        {
            names.Add(blob.Name);
        }
        return names;
    }
}
