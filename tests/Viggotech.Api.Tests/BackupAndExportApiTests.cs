using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Format;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class BackupAndExportApiTests(PlatformFixture platform)
{
    private const string Passphrase = "our export passphrase";
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task An_owner_exports_the_organisation_with_progress_and_downloads_it_exactly_once()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var refused = await owner.SendAsync(HttpMethod.Post, "/api/exports", tokens.AccessToken, new { passphrase = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"passphrase\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var requested = await owner.SendAsync(HttpMethod.Post, "/api/exports", tokens.AccessToken, new { passphrase = Passphrase });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var ticket = await requested.Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetString();
        var token = ticket.GetProperty("downloadToken").GetString();

        // One export at a time: asked again at once (the build takes far longer than this request), it is refused.
        var second = await owner.SendAsync(HttpMethod.Post, "/api/exports", tokens.AccessToken, new { passphrase = Passphrase });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already being prepared", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        string? status;
        do
        {
            await Task.Delay(500);
            var export = await (await owner.SendAsync(HttpMethod.Get, $"/api/exports/{id}", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
            status = export.GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
        }
        while (status != "ready" && DateTime.UtcNow < deadline);
        Assert.Equal("ready", status);

        var download = await owner.SendAsync(HttpMethod.Get, $"/api/exports/{id}/download?token={token}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var check = await ExportVerifier.VerifyAsync(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), Passphrase);
        Assert.Equal(ExportManifest.FormatName, check.Manifest.Format);

        var again = await owner.SendAsync(HttpMethod.Get, $"/api/exports/{id}/download?token={token}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        // Once that export is done, the organisation may ask for the next.
        Assert.Equal(HttpStatusCode.Accepted, (await owner.SendAsync(HttpMethod.Post, "/api/exports", tokens.AccessToken, new { passphrase = Passphrase })).StatusCode);
    }

    [Fact]
    public async Task Another_organisation_cannot_follow_or_download_an_export_and_a_read_only_user_cannot_export_or_see_backups()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (_, intruder, intruderTokens) = await accounts.OwnerWithTokensAsync();
        using var __ = intruder;
        var (reader, readerTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.ReadOnly);
        using var ___ = reader;

        var ticket = await (await owner.SendAsync(HttpMethod.Post, "/api/exports", tokens.AccessToken, new { passphrase = Passphrase }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetString();
        var token = ticket.GetProperty("downloadToken").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendAsync(HttpMethod.Get, $"/api/exports/{id}", intruderTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendAsync(HttpMethod.Get, $"/api/exports/{id}/download?token={token}", intruderTokens.AccessToken)).StatusCode);
        foreach (var path in new[] { "/api/exports", "/api/backups" })
        {
            var response = await reader.SendAsync(HttpMethod.Get, path, readerTokens.AccessToken);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(Permissions.DataExport, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(HttpMethod.Post, "/api/backups", readerTokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task An_owner_starts_a_backup_and_sees_it_listed_and_the_backup_keys_are_published()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        var started = await owner.SendAsync(HttpMethod.Post, "/api/backups", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var overview = await (await owner.SendAsync(HttpMethod.Get, "/api/backups", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(overview.GetProperty("backups").EnumerateArray(), b => b.GetProperty("backupId").GetString() == id);
        Assert.Equal(35, overview.GetProperty("retention").GetProperty("dailyBackups").GetInt32());

        var keys = await owner.Http.GetAsync("/.well-known/viggotech-backup-keys");
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal("application/jwk-set+json", keys.Content.Headers.ContentType?.MediaType);
    }
}
