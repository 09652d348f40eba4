using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Requests;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class DataExportRequestTests(BackupPlatformFixture fixture)
{
    private const string Passphrase = "long enough passphrase";

    private DataExports Exports => fixture.Services.GetRequiredService<DataExports>();

    [Fact]
    public async Task A_requested_export_builds_in_the_background_and_downloads_exactly_once_with_its_token()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        var other = await fixture.NewTenantAsync(people: 1, documents: 0);

        var ticket = await Exports.RequestAsync(tenantId, "user-1", Passphrase);
        var ready = await WaitUntilReadyAsync(tenantId, ticket.Id);

        Assert.True(ready.ExpiresAt > ready.ReadyAt!.Value.AddHours(23.9));
        Assert.Null(await Exports.GetAsync(other, ticket.Id));
        Assert.Null(await Exports.OpenDownloadAsync(other, ticket.Id, ticket.DownloadToken));
        Assert.Null(await Exports.OpenDownloadAsync(tenantId, ticket.Id, "not-the-token"));

        using var file = new MemoryStream();
        await using (var download = await Exports.OpenDownloadAsync(tenantId, ticket.Id, ticket.DownloadToken))
        {
            Assert.NotNull(download);
            await download.CopyToAsync(file);
        }

        file.Position = 0;
        var check = await ExportVerifier.VerifyAsync(file, Passphrase);
        Assert.Equal(2, check.Manifest.Counts.People);
        Assert.Null(await Exports.OpenDownloadAsync(tenantId, ticket.Id, ticket.DownloadToken));
        Assert.Equal(DataExportStatus.Downloaded, (await Exports.GetAsync(tenantId, ticket.Id))!.Status);
        Assert.False(await Exports.Container.GetBlobClient($"{tenantId:D}/{ticket.Id:D}.vgtexport").ExistsAsync());

        await using var scope = fixture.Platform.ForTenant(tenantId);
        var actions = await scope.Db.Database.SqlQuery<string>($"SELECT action AS \"Value\" FROM audit_events WHERE tenant_id = {tenantId}").ToListAsync();
        Assert.Equal(2, actions.Count(a => a == "data.export"));
        Assert.Single(actions, a => a == "data.export.download");
    }

    [Fact]
    public async Task A_short_passphrase_is_refused_with_a_field_error_and_nothing_is_built()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);

        var error = await Assert.ThrowsAsync<DataExportValidationException>(() => Exports.RequestAsync(tenantId, "user-1", "short"));

        Assert.True(error.Errors.ContainsKey("passphrase"));
        Assert.Empty(await Exports.ListAsync(tenantId));
    }

    private async Task<DataExportView> WaitUntilReadyAsync(Guid tenantId, Guid exportId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var export = await Exports.GetAsync(tenantId, exportId);
            Assert.NotNull(export);
            Assert.NotEqual(DataExportStatus.Failed, export.Status);
            if (export.Status == DataExportStatus.Ready)
            {
                return export;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the export is still {export.Status} at {export.Percent}%");
            await Task.Delay(200);
        }
    }
}
