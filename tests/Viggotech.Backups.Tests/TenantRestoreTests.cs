using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class TenantRestoreTests(BackupPlatformFixture fixture)
{
    private TenantRestore Restore => fixture.Services.GetRequiredService<TenantRestore>();

    [Fact]
    public async Task Restoring_in_place_brings_back_the_backups_people_and_documents_and_is_audited()
    {
        var tenantId = await fixture.NewTenantAsync(people: 3, documents: 2);
        var bystander = await fixture.NewTenantAsync(people: 2, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);
        Guid removedDocument;
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            var people = scope.Services.GetRequiredService<PeopleRepository>();
            var first = (await people.ListAsync(1, 10)).Items.First();
            await people.DeleteAsync(first.Id);
            await people.CreateAsync(new PersonInput("Added after the backup"));
            var documents = scope.Services.GetRequiredService<DocumentStore>();
            removedDocument = (await documents.ListAsync(1, 10)).Items.First().Id;
            await documents.DeleteAsync(removedDocument);
            // The blob goes too, as the deletion sweep would do it.
            await foreach (var blob in scope.Services.GetRequiredService<DocumentContainer>().Client.GetBlobsAsync(
                               new GetBlobsOptions { Prefix = DocumentsTable.BlobPrefix(tenantId, removedDocument) }))
            {
                await scope.Services.GetRequiredService<DocumentContainer>().Client.DeleteBlobAsync(blob.Name);
            }
        }

        var slug = await SlugAsync(tenantId);
        var result = await Restore.RestoreInPlaceAsync(new TenantRestoreRequest(tenantId, backup.BackupId, "operator@viggotech.example", "ticket 42",
            TenantRestore.ConfirmationFor(slug)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(1, result.DocumentsRestored);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            var people = await scope.Services.GetRequiredService<PeopleRepository>().ListAsync(1, 10);
            Assert.Equal(["Person 0", "Person 1", "Person 2"], people.Items.Select(p => p.Name).Order());
            var documents = scope.Services.GetRequiredService<DocumentStore>();
            await using var download = await documents.OpenReadAsync(removedDocument);
            Assert.NotNull(download);
            using var reader = new StreamReader(download.Content, Encoding.UTF8);
            Assert.StartsWith("document ", await reader.ReadToEndAsync(), StringComparison.Ordinal);
            var actions = await scope.Db.Database.SqlQuery<string>($"SELECT action AS \"Value\" FROM audit_events WHERE tenant_id = {tenantId}").ToListAsync();
            Assert.Contains("backup.restore", actions);
        }

        Assert.Contains(await Restore.HistoryAsync(tenantId), r => r.Id == result.RestoreId && r.Succeeded == true && r.Operator == "operator@viggotech.example");
        await using (var other = fixture.Platform.ForTenant(bystander))
        {
            Assert.Equal(2, (await other.Services.GetRequiredService<PeopleRepository>().ListAsync(1, 10)).Items.Count);
        }
    }

    [Fact]
    public async Task A_restore_without_the_typed_confirmation_changes_nothing()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 0);
        var backup = await fixture.BackupAsync(tenantId);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(new PersonInput("Kept"));
        }

        var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() => Restore.RestoreInPlaceAsync(
            new TenantRestoreRequest(tenantId, backup.BackupId, "operator", "ticket 43", "yes")));

        Assert.Equal("confirmation", refused.Field);
        await using var check = fixture.Platform.ForTenant(tenantId);
        Assert.Equal(3, (await check.Services.GetRequiredService<PeopleRepository>().ListAsync(1, 10)).Items.Count);
        Assert.Empty(await Restore.HistoryAsync(tenantId));
    }

    [Fact]
    public async Task A_tampered_backup_is_not_restored_and_the_failed_attempt_is_recorded()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 0);
        var backup = await fixture.BackupAsync(tenantId);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(new PersonInput("Kept"));
        }

        await using (var manifest = await fixture.Blob(fixture.Storage.RegionA, tenantId, backup.BackupId, "manifest.json").OpenReadAsync())
        {
            var text = await new StreamReader(manifest).ReadToEndAsync();
            await fixture.Blob(fixture.Storage.RegionA, tenantId, backup.BackupId, "manifest.json")
                .UploadAsync(new BinaryData(text.Replace("\"rows\": 2", "\"rows\": 3", StringComparison.Ordinal)), overwrite: true);
        }

        var result = await Restore.RestoreInPlaceAsync(new TenantRestoreRequest(tenantId, backup.BackupId, "operator", "ticket 44",
            TenantRestore.ConfirmationFor(await SlugAsync(tenantId))));

        Assert.False(result.Succeeded);
        Assert.Contains("signature", result.Error, StringComparison.Ordinal);
        await using var check = fixture.Platform.ForTenant(tenantId);
        Assert.Equal(3, (await check.Services.GetRequiredService<PeopleRepository>().ListAsync(1, 10)).Items.Count);
        Assert.Contains(await Restore.HistoryAsync(tenantId), r => r.Id == result.RestoreId && r.Succeeded == false);
    }

    private async Task<string> SlugAsync(Guid tenantId)
    {
        await using var scope = fixture.Platform.ForTenant(tenantId);
        return await scope.Db.Tenants.Select(t => t.Slug).SingleAsync();
    }
}
