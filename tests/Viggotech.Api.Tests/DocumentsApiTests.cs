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

    [Theory]
    [InlineData(100_000)]
    [InlineData(-100)]
    public async Task A_document_damaged_after_its_first_chunk_breaks_off_the_download_instead_of_ending_it_short(int damagedAt)
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var id = (await (await owner.UploadAsync(tokens.AccessToken, "archive.bin", RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 7))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString();

        // In the second chunk (inside the first flush of the response) or in the last one.
        var blob = (await BlobsAsync(account.TenantId)).Single();
        var client = (await ContainerAsync()).GetBlobClient(blob);
        var stored = (await client.DownloadContentAsync()).Value.Content.ToArray();
        stored[damagedAt >= 0 ? damagedAt : stored.Length + damagedAt] ^= 0x01;
        await client.UploadAsync(new BinaryData(stored), overwrite: true);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{id}/content");
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        using var response = await owner.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var broken = await Record.ExceptionAsync(() => response.Content.ReadAsByteArrayAsync());
        Assert.True(broken is HttpRequestException or IOException, $"the download ended without an error: {broken}");
        Assert.Contains("data.integrity_failure", await owner.AuditActionsAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task A_document_whose_stored_name_was_tampered_with_lists_as_unreadable_beside_the_others_is_refused_alone_and_still_deletes()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var token = tokens.AccessToken;
        var ids = new List<Guid>();
        foreach (var name in new[] { "minutes.txt", "salaries secret.csv", "plan.txt" })
        {
            var uploaded = await owner.UploadAsync(token, name, RandomNumberGenerator.GetBytes(10_000), "text/plain");
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            ids.Add((await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        var damaged = ids[1];

        await using (var db = await platform.AdminConnectionAsync())
        {
            // Flip one bit of the ciphertext of the stored name, as someone with the database could.
            await using var tamper = new Npgsql.NpgsqlCommand(
                "update documents set name = overlay(name placing set_byte(substring(name from 20 for 1), 0, get_byte(name, 19) # 1) from 20 for 1) where id = $1 and tenant_id = $2", db);
            tamper.Parameters.AddWithValue(damaged);
            tamper.Parameters.AddWithValue(account.TenantId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var listing = await owner.SendAsync(HttpMethod.Get, "/api/documents", token);
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        var body = await listing.Content.ReadAsStringAsync();
        Assert.DoesNotContain("salaries", body, StringComparison.Ordinal);
        var items = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var unreadable = Assert.Single(items, d => d.TryGetProperty("unreadable", out var flag) && flag.GetBoolean());
        Assert.Equal(damaged, unreadable.GetProperty("id").GetGuid());
        Assert.Equal("", unreadable.GetProperty("name").GetString());
        Assert.Equal(10_000, unreadable.GetProperty("size").GetInt64());
        Assert.Equal(["plan.txt", "minutes.txt"], items.Where(d => !d.TryGetProperty("unreadable", out _)).Select(d => d.GetProperty("name").GetString()!));
        Assert.Contains("data.integrity_failure", await owner.AuditActionsAsync(token));

        // Alone, neither its metadata nor its content is served: a problem, never a guess.
        foreach (var path in new[] { $"/api/documents/{damaged}", $"/api/documents/{damaged}/content" })
        {
            var single = await owner.SendAsync(HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.Conflict, single.StatusCode);
            Assert.Equal("https://viggotech.io/problems/data-integrity", (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/documents/{damaged}", token)).StatusCode);
        var after = await (await owner.SendAsync(HttpMethod.Get, "/api/documents", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["plan.txt", "minutes.txt"], after.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()!));
        Assert.Equal(2, (await BlobsAsync(account.TenantId)).Count);
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
