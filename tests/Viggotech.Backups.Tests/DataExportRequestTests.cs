using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Requests;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

/// <summary>
/// Requests and builds as the Api and the Worker's <c>export-builds</c> job run them (the build is
/// called here directly; Faults/WorkerKilledMidExportTests runs it in a real Worker process).
/// </summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class DataExportRequestTests(BackupPlatformFixture fixture)
{
    private const string Passphrase = "long enough passphrase";

    private DataExports Exports => fixture.Services.GetRequiredService<DataExports>();

    private DataExportBuilds Builds => fixture.Services.GetRequiredService<DataExportBuilds>();

    [Fact]
    public async Task A_requested_export_waits_for_the_worker_then_builds_and_downloads_exactly_once_with_its_token()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        var other = await fixture.NewTenantAsync(people: 1, documents: 0);

        var ticket = await Exports.RequestAsync(tenantId, "user-1", Passphrase);
        var waiting = await Exports.GetAsync(tenantId, ticket.Id);
        Assert.Equal(DataExportStatus.Requested, waiting!.Status);
        Assert.Null(await Exports.OpenDownloadAsync(tenantId, ticket.Id, ticket.DownloadToken));

        Assert.True(await Builds.BuildPendingAsync() >= 1);
        var ready = await Exports.GetAsync(tenantId, ticket.Id);
        Assert.Equal(DataExportStatus.Ready, ready!.Status);
        Assert.Equal(100, ready.Percent);
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
        Assert.False(await Exports.Container.GetBlobClient(DataExports.BlobName(tenantId, ticket.Id, 1)).ExistsAsync());

        await using var scope = fixture.Platform.ForTenant(tenantId);
        var actions = await scope.Db.Database.SqlQuery<string>($"SELECT action AS \"Value\" FROM audit_events WHERE tenant_id = {tenantId}").ToListAsync();
        Assert.Equal(2, actions.Count(a => a == "data.export"));
        Assert.Single(actions, a => a == "data.export.download");
    }

    [Fact]
    public async Task The_request_stores_only_the_archive_key_sealed_under_the_tenant_key_and_the_build_erases_it()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);

        var ticket = await Exports.RequestAsync(tenantId, "user-1", Passphrase);

        var requested = await ExportRows.ReadAsync(fixture, ticket.Id);
        var key = ExportRows.DerivedKey(requested, Passphrase);
        Assert.NotNull(requested.SealedKey);
        Assert.Equal(FieldCipher.EnvelopeLength(32), requested.SealedKey.Length);
        ExportRows.AssertHoldsNoSecret(requested.Json, Passphrase, key, "the requested export's row");

        Assert.True(await Builds.BuildAsync(tenantId, ticket.Id));

        var ready = await ExportRows.ReadAsync(fixture, ticket.Id);
        Assert.Equal("ready", ready.Status);
        Assert.Null(ready.SealedKey);
        ExportRows.AssertHoldsNoSecret(ready.Json, Passphrase, key, "the ready export's row");
    }

    [Fact]
    public async Task A_sealed_key_copied_into_another_export_or_another_tenant_does_not_open_and_that_export_fails()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        var otherTenant = await fixture.NewTenantAsync(people: 1, documents: 0);
        var source = await Exports.RequestAsync(tenantId, "user-1", Passphrase);
        // An organisation has one export in progress at a time; two waiting side by side exist only by tampering.
        await SetStatusAsync(source.Id, "failed");
        var sameTenant = await Exports.RequestAsync(tenantId, "user-1", "another long passphrase");
        await SetStatusAsync(source.Id, "requested");
        var crossTenant = await Exports.RequestAsync(otherTenant, "user-2", "a third long passphrase");
        await using (var connection = await fixture.Platform.OpenAdminConnectionAsync())
        {
            foreach (var target in new[] { sameTenant.Id, crossTenant.Id })
            {
                await connection.ExecuteAsync("""
                    update data_exports t set sealed_key = s.sealed_key, key_salt = s.key_salt, key_iterations = s.key_iterations
                    from data_exports s where s.id = $1 and t.id = $2
                    """, source.Id, target);
            }
        }

        Assert.False(await Builds.BuildAsync(tenantId, sameTenant.Id));
        Assert.False(await Builds.BuildAsync(otherTenant, crossTenant.Id));

        foreach (var (tenant, id) in new[] { (tenantId, sameTenant.Id), (otherTenant, crossTenant.Id) })
        {
            var failed = await Exports.GetAsync(tenant, id);
            Assert.Equal(DataExportStatus.Failed, failed!.Status);
            Assert.Null((await ExportRows.ReadAsync(fixture, id)).SealedKey);
            Assert.Null(await Exports.OpenDownloadAsync(tenant, id, id == sameTenant.Id ? sameTenant.DownloadToken : crossTenant.DownloadToken));
        }

        // The export whose key it was still builds.
        Assert.True(await Builds.BuildAsync(tenantId, source.Id));
    }

    [Fact]
    public async Task A_data_key_rotation_moves_a_waiting_exports_sealed_key_onto_the_new_key_and_it_still_builds()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        var ticket = await Exports.RequestAsync(tenantId, "user-1", Passphrase);
        var before = (await ExportRows.ReadAsync(fixture, ticket.Id)).SealedKey!;

        var version = await fixture.Keys.RotateDataKeyAsync(tenantId);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            Assert.Equal(ReencryptionOutcome.Completed, await scope.Services.GetRequiredService<DataKeyReencryption>().RunAsync(CancellationToken.None));
        }

        var after = (await ExportRows.ReadAsync(fixture, ticket.Id)).SealedKey!;
        Assert.Equal(version, BinaryPrimitives.ReadInt32BigEndian(after.AsSpan(1, 4)));
        Assert.NotEqual(before, after);
        Assert.True(await Builds.BuildAsync(tenantId, ticket.Id));
        using var file = new MemoryStream();
        await using (var download = await Exports.OpenDownloadAsync(tenantId, ticket.Id, ticket.DownloadToken))
        {
            Assert.NotNull(download);
            await download.CopyToAsync(file);
        }

        file.Position = 0;
        Assert.Equal(1, (await ExportVerifier.VerifyAsync(file, Passphrase)).Manifest.Counts.People);
    }

    [Fact]
    public async Task A_short_passphrase_is_refused_with_a_field_error_and_nothing_is_built()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);

        var error = await Assert.ThrowsAsync<DataExportValidationException>(() => Exports.RequestAsync(tenantId, "user-1", "short"));

        Assert.True(error.Errors.ContainsKey("passphrase"));
        Assert.Empty(await Exports.ListAsync(tenantId));
    }

    [Fact]
    public async Task While_an_export_waits_another_request_of_the_organisation_is_refused_before_any_key_is_derived()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        var otherTenant = await fixture.NewTenantAsync(people: 1, documents: 0);

        // A burst: only one of them is stored, whichever takes the organisation's lock first.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            try
            {
                return (Ticket: await Exports.RequestAsync(tenantId, "user-1", Passphrase), Refused: (DataExportRefusedException?)null);
            }
            catch (DataExportRefusedException refused)
            {
                return (Ticket: (DataExportTicket?)null, Refused: refused);
            }
        })));
        Assert.Single(attempts, a => a.Ticket is not null);
        Assert.All(attempts.Where(a => a.Ticket is null), a => Assert.False(a.Refused!.TooMany));
        Assert.Single(await Exports.ListAsync(tenantId));

        // Later too, while the first still waits; another organisation is not held up.
        var later = await Assert.ThrowsAsync<DataExportRefusedException>(() => Exports.RequestAsync(tenantId, "user-1", Passphrase));
        Assert.Contains("already being prepared", later.Message, StringComparison.Ordinal);
        Assert.NotNull(await Exports.RequestAsync(otherTenant, "user-2", Passphrase));

        // Once it is no longer in progress, the organisation may ask again.
        await SetStatusAsync(attempts.Single(a => a.Ticket is not null).Ticket!.Id, "ready");
        Assert.NotNull(await Exports.RequestAsync(tenantId, "user-1", Passphrase));
    }

    [Fact]
    public async Task An_organisation_gets_at_most_the_daily_number_of_exports()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        for (var i = 0; i < DataExports.MaxPerDay; i++)
        {
            var ticket = await Exports.RequestAsync(tenantId, "user-1", Passphrase);
            await SetStatusAsync(ticket.Id, "downloaded");
        }

        var refused = await Assert.ThrowsAsync<DataExportRefusedException>(() => Exports.RequestAsync(tenantId, "user-1", Passphrase));
        Assert.True(refused.TooMany);
        Assert.Equal(DataExports.MaxPerDay, (await Exports.ListAsync(tenantId)).Count);
    }

    private async Task SetStatusAsync(Guid exportId, string status)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        await connection.ExecuteAsync("update data_exports set status = $1 where id = $2", status, exportId);
    }
}
