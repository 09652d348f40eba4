using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Audit.Verification;
using Viggotech.Testing;
using Viggotech.Testing.Audit;

namespace Viggotech.Core.Tests.Audit;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class AuditSealingTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task Sealing_signs_the_new_events_each_seal_chains_to_the_last_and_the_export_verifies()
    {
        var tenant = await Platform.NewTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.AddAuditedNoteAsync(tenant, "one");

        var first = await Platform.SealAsync(tenant, signer);
        await Platform.AddAuditedNoteAsync(tenant, "two");
        var last = await Platform.AddAuditedNoteAsync(tenant, "three");
        var second = await Platform.SealAsync(tenant, signer);

        Assert.Equal((1, 2), (first!.Seal.First, first.Seal.Last));
        Assert.Equal((3, 4), (second!.Seal.First, second.Seal.Last));
        Assert.Equal(last.Hash, second.Seal.LastHash);
        Assert.Equal(first.Seal.ComputeHash(), second.Seal.PreviousSeal);
        var verification = await Platform.VerifyExportAsync(tenant);
        Assert.True(verification.IsValid, verification.Problem?.Message);
        Assert.Equal((4L, 2L, 4L, 0L), (verification.Events, verification.Seals, verification.SealedThrough, verification.UnsealedEvents));
    }

    [Fact]
    public async Task Nothing_new_means_no_seal()
    {
        var tenant = await Platform.NewTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        Assert.NotNull(await Platform.SealAsync(tenant, signer));

        Assert.Null(await Platform.SealAsync(tenant, signer));

        await using var scope = Platform.ForTenant(tenant);
        Assert.Equal(1, await scope.Db.AuditSeals.CountAsync());
    }

    [Fact]
    public async Task An_unsealed_event_changed_in_the_database_is_never_sealed_over_and_the_export_names_it()
    {
        var tenant = await Platform.NewTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.AddAuditedNoteAsync(tenant, "two");
        var target = await Platform.AddAuditedNoteAsync(tenant, "three");
        await Platform.AddAuditedNoteAsync(tenant, "four");
        // Someone with the database's superuser rewrites event 3's JSON but not its hash.
        await using (var admin = await Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync(
                "update audit_events set canonical = convert_to(replace(convert_from(canonical, 'UTF8'), 'note.create', 'note.delete'), 'UTF8') where tenant_id = $1 and seq = 3",
                tenant);
        }

        var seal = await Platform.SealAsync(tenant, signer);

        Assert.Equal(target.Sequence - 1, seal!.Seal.Last);
        var verification = await Platform.VerifyExportAsync(tenant);
        Assert.False(verification.IsValid);
        Assert.Equal((AuditProblemKind.ModifiedEvent, 3L), (verification.Problem!.Kind, verification.Problem.Sequence));
    }

    [Fact]
    public async Task An_event_deleted_in_the_database_stops_sealing_before_the_gap()
    {
        var tenant = await Platform.NewTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        for (var i = 0; i < 4; i++)
        {
            await Platform.AddAuditedNoteAsync(tenant, $"note {i}");
        }
        await using (var admin = await Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync("delete from audit_events where tenant_id = $1 and seq = 4", tenant);
        }

        var seal = await Platform.SealAsync(tenant, signer);

        Assert.Equal(3, seal!.Seal.Last);
        var verification = await Platform.VerifyExportAsync(tenant);
        Assert.Equal((AuditProblemKind.MissingEvents, 4L), (verification.Problem!.Kind, verification.Problem.Sequence));
    }

    [Fact]
    public async Task A_seal_removed_from_the_database_is_noticed_at_the_next_one()
    {
        var tenant = await Platform.NewTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.SealAsync(tenant, signer);
        await Platform.AddAuditedNoteAsync(tenant, "two");
        await Platform.SealAsync(tenant, signer);
        await Platform.AddAuditedNoteAsync(tenant, "three");
        await Platform.SealAsync(tenant, signer);
        await using (var admin = await Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync("delete from audit_seals where tenant_id = $1 and last_seq = 2", tenant);
        }

        var verification = await Platform.VerifyExportAsync(tenant);

        Assert.False(verification.IsValid);
        Assert.Equal(AuditProblemKind.SealMismatch, verification.Problem!.Kind);
    }
}
