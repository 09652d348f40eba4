using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Crypto;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class SandboxRestoreTests(BackupPlatformFixture fixture)
{
    private const string Operator = "operator@viggotech.example";

    private SandboxRestore Sandbox => fixture.Services.GetRequiredService<SandboxRestore>();

    [Fact]
    public async Task A_sandbox_gets_the_backups_people_and_documents_readable_under_its_own_keys_and_the_source_is_unchanged()
    {
        var tenantId = await fixture.NewTenantAsync(people: 3, documents: 2);
        await AddUserAsync(tenantId, "admin@source.example");
        var backup = await fixture.BackupAsync(tenantId);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(new PersonInput("Added after the backup"));
        }

        var before = await SourceStateAsync(tenantId);

        var result = await Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, backup.BackupId, Operator, "ticket 51"));

        Assert.True(result.Succeeded, result.Error);
        var sandboxId = Assert.NotNull(result.SandboxTenantId);
        Assert.NotEqual(tenantId, sandboxId);
        Assert.Equal(2, result.DocumentsRestored);
        await using (var scope = fixture.Platform.ForTenant(sandboxId))
        {
            var people = scope.Services.GetRequiredService<PeopleRepository>();
            var list = (await people.ListAsync(1, 10)).Items;
            Assert.Equal(["Person 0", "Person 1", "Person 2"], list.Select(p => p.Name).Order());
            Assert.All(list, p => Assert.Equal("Notes", p.Notes));
            // Blind index and name tokens were recomputed under the sandbox's index key.
            Assert.Equal("Person 1", Assert.Single(await people.FindByEmailAsync("PERSON1@example.com")).Name);
            Assert.Equal("Person 2", Assert.Single((await people.SearchByNameAsync("person 2", 1, 10)).Items).Name);
            Assert.DoesNotContain(list, p => before.PeopleIds.Contains(p.Id));

            var documents = scope.Services.GetRequiredService<DocumentStore>();
            var infos = (await documents.ListAsync(1, 10)).Items;
            Assert.Equal(["doc-0.txt", "doc-1.txt"], infos.Select(d => d.Name).Order());
            foreach (var info in infos)
            {
                await using var download = await documents.OpenReadAsync(info.Id);
                Assert.NotNull(download);
                using var reader = new StreamReader(download.Content, Encoding.UTF8);
                var text = await reader.ReadToEndAsync();
                Assert.StartsWith($"document {info.Name[4]} of {tenantId} ", text, StringComparison.Ordinal);
                Assert.Equal(info.Size, Encoding.UTF8.GetByteCount(text));
            }

            // Users of the source tenant do not come along: nobody can sign in to the sandbox with them.
            Assert.Equal(0, await scope.Db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM users").SingleAsync());
        }

        // Its own key-encryption key and data key.
        var sourceKeys = await fixture.Keys.ListAsync(tenantId);
        var sandboxKeys = await fixture.Keys.ListAsync(sandboxId);
        Assert.Single(sandboxKeys);
        Assert.DoesNotContain(sandboxKeys, k => sourceKeys.Any(s => s.KekVersion == k.KekVersion));

        Assert.Equal(before, await SourceStateAsync(tenantId));
        Assert.Contains(await fixture.Services.GetRequiredService<TenantRestore>().HistoryAsync(tenantId),
            r => r.Id == result.RestoreId && r.Mode == RestoreMode.Sandbox && r.TargetTenantId == sandboxId && r.Succeeded == true && r.Operator == Operator);
    }

    [Fact]
    public async Task A_sandbox_restore_is_audited_as_the_operator_in_both_tenants()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);

        var result = await Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, backup.BackupId, Operator, "ticket 52"));

        Assert.True(result.Succeeded, result.Error);
        var sandboxId = result.SandboxTenantId!.Value;
        var inSource = await AuditAsync(tenantId);
        Assert.Contains(("backup.restore", "operator", Operator, "success"), inSource);
        var inSandbox = await AuditAsync(sandboxId);
        // Created by the operator, given its keys by the platform, then filled by the operator's restore.
        Assert.Equal([("tenant.create", "operator", Operator, "success"), ("key.create", "system", "platform", "success"), ("backup.restore", "operator", Operator, "success")],
            inSandbox);
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        var sourceDetails = await admin.ScalarAsync<string>(
            "SELECT convert_from(canonical, 'UTF8') FROM audit_events WHERE tenant_id = $1 AND action = 'backup.restore'", tenantId);
        Assert.Contains(sandboxId.ToString("D"), sourceDetails, StringComparison.Ordinal);
        Assert.Contains("ticket 52", sourceDetails, StringComparison.Ordinal);
        var sandboxDetails = await admin.ScalarAsync<string>(
            "SELECT convert_from(canonical, 'UTF8') FROM audit_events WHERE tenant_id = $1 AND action = 'backup.restore'", sandboxId);
        Assert.Contains(tenantId.ToString("D"), sandboxDetails, StringComparison.Ordinal);
        Assert.Contains(backup.BackupId.ToString("D"), sandboxDetails, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_copied_from_the_sandbox_into_the_source_row_does_not_decrypt()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);
        var result = await Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, backup.BackupId, Operator, "ticket 53"));
        Assert.True(result.Succeeded, result.Error);

        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        var sourcePerson = await admin.ScalarAsync<Guid>("SELECT id FROM people WHERE tenant_id = $1 ORDER BY id LIMIT 1", tenantId);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            Assert.NotNull(await scope.Services.GetRequiredService<PeopleRepository>().GetAsync(sourcePerson));
        }

        // The same plaintext ("Person 0" or "Person 1"), under the sandbox's key and bound to its tenant and row.
        Assert.Equal(1, await admin.ExecuteAsync(
            "UPDATE people SET name = (SELECT name FROM people WHERE tenant_id = $2 ORDER BY id LIMIT 1) WHERE id = $1", sourcePerson, result.SandboxTenantId!.Value));

        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            var failure = await Assert.ThrowsAsync<DataIntegrityException>(() => scope.Services.GetRequiredService<PeopleRepository>().GetAsync(sourcePerson));
            Assert.Equal(IntegrityFailure.AuthenticationFailed, failure.Failure);
        }

        // The same document's content, re-encrypted for the sandbox, put in place of the source's blob.
        var sourceDocument = await admin.ScalarAsync<Guid>("SELECT id FROM documents WHERE tenant_id = $1", tenantId);
        var sourceBlob = await admin.ScalarAsync<string>("SELECT blob_name FROM documents WHERE tenant_id = $1", tenantId);
        var sandboxBlob = await admin.ScalarAsync<string>("SELECT blob_name FROM documents WHERE tenant_id = $1", result.SandboxTenantId!.Value);
        var container = fixture.Services.GetRequiredService<DocumentContainer>().Client;
        var content = (await container.GetBlobClient(sandboxBlob).DownloadContentAsync()).Value.Content;
        await container.GetBlobClient(sourceBlob).UploadAsync(content, overwrite: true);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await Assert.ThrowsAsync<DataIntegrityException>(async () =>
            {
                await using var download = await scope.Services.GetRequiredService<DocumentStore>().OpenReadAsync(sourceDocument);
                await download!.Content.CopyToAsync(Stream.Null);
            });
        }
    }

    [Fact]
    public async Task A_tampered_backup_creates_no_sandbox_and_the_failed_attempt_is_recorded_and_audited()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 0);
        var backup = await fixture.BackupAsync(tenantId);
        var manifest = fixture.Blob(fixture.Storage.RegionA, tenantId, backup.BackupId, "manifest.json");
        var text = (await manifest.DownloadContentAsync()).Value.Content.ToString();
        await manifest.UploadAsync(new BinaryData(text.Replace("\"rows\": 2", "\"rows\": 3", StringComparison.Ordinal)), overwrite: true);
        var slug = await SlugAsync(tenantId);

        var result = await Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, backup.BackupId, Operator, "ticket 54"));

        Assert.False(result.Succeeded);
        Assert.Null(result.SandboxTenantId);
        Assert.Contains("signature", result.Error, StringComparison.Ordinal);
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        Assert.Equal(0L, await admin.ScalarAsync<long>("SELECT count(*) FROM tenants WHERE slug LIKE $1", slug + "-sandbox-%"));
        Assert.Contains(await fixture.Services.GetRequiredService<TenantRestore>().HistoryAsync(tenantId),
            r => r.Id == result.RestoreId && r.Mode == RestoreMode.Sandbox && r.Succeeded == false);
        Assert.Contains(("backup.restore", "operator", Operator, "failure"), await AuditAsync(tenantId));
    }

    [Fact]
    public async Task A_sandbox_restore_without_an_operator_or_reason_is_refused()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        var backup = await fixture.BackupAsync(tenantId);

        Assert.Equal("operator", (await Assert.ThrowsAsync<RestoreRefusedException>(
            () => Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, backup.BackupId, " ", "ticket 55")))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<RestoreRefusedException>(
            () => Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, backup.BackupId, Operator, "")))).Field);
        Assert.Equal("backupId", (await Assert.ThrowsAsync<RestoreRefusedException>(
            () => Sandbox.RestoreAsync(new SandboxRestoreRequest(tenantId, Guid.NewGuid(), Operator, "ticket 55")))).Field);
        Assert.Empty(await fixture.Services.GetRequiredService<TenantRestore>().HistoryAsync(tenantId));
    }

    // A user with a password, as sign-up leaves one; the backup holds it.
    private async Task AddUserAsync(Guid tenantId, string email)
    {
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        await admin.ExecuteAsync("""
            INSERT INTO users (id, tenant_id, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp,
                               concurrency_stamp, access_failed_count, lockout_enabled, phone_number_confirmed, two_factor_enabled, mfa_enrolment_required)
            VALUES ($1, $2, $3, upper($3), $3, upper($3), true, 'AQAAAAIAAYagAAAAEExamplePasswordHash', 'stamp', 'stamp', 0, true, false, false, false)
            """, Guid.CreateVersion7(), tenantId, email);
    }

    private sealed record SourceState(IReadOnlySet<Guid> PeopleIds, string PeopleRows, string DocumentRows, string Blobs)
    {
        public bool Equals(SourceState? other) => other is not null && PeopleIds.SetEquals(other.PeopleIds) && PeopleRows == other.PeopleRows
                                                  && DocumentRows == other.DocumentRows && Blobs == other.Blobs;

        public override int GetHashCode() => PeopleRows.GetHashCode(StringComparison.Ordinal);
    }

    // Every stored byte of the source's people and documents, and its blobs with their content hashes.
    private async Task<SourceState> SourceStateAsync(Guid tenantId)
    {
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        var ids = await admin.ListAsync<Guid>("SELECT id FROM people WHERE tenant_id = $1", tenantId);
        var people = await admin.ScalarAsync<string>("SELECT coalesce(string_agg(p::text, '|' ORDER BY id), '') FROM people p WHERE tenant_id = $1", tenantId);
        var documents = await admin.ScalarAsync<string>("SELECT coalesce(string_agg(d::text, '|' ORDER BY id), '') FROM documents d WHERE tenant_id = $1", tenantId);
        var blobs = new List<string>();
        await foreach (var blob in fixture.Services.GetRequiredService<DocumentContainer>().Client.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId:D}/" }))
        {
            blobs.Add($"{blob.Name}:{Convert.ToHexString(blob.Properties.ContentHash ?? [])}:{blob.Properties.ETag}");
        }

        return new SourceState(ids.ToHashSet(), people, documents, string.Join("|", blobs.Order(StringComparer.Ordinal)));
    }

    private async Task<List<(string Action, string ActorType, string ActorId, string Result)>> AuditAsync(Guid tenantId)
    {
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT action, actor_type, actor_id, result FROM audit_events WHERE tenant_id = $1 ORDER BY seq", admin);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string, string, string, string)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return events;
    }

    private async Task<string> SlugAsync(Guid tenantId)
    {
        await using var scope = fixture.Platform.ForTenant(tenantId);
        return await scope.Db.Tenants.Select(t => t.Slug).SingleAsync();
    }
}
