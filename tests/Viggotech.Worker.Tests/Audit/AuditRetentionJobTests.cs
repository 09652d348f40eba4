using System.Text;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Testing;
using Viggotech.Testing.Audit;
using Viggotech.Testing.Processes;
using Viggotech.Worker.Audit;

namespace Viggotech.Worker.Tests.Audit;

[Collection(WorkerPlatformCollection.Name)]
public sealed class AuditRetentionJobTests(WorkerPlatformFixture fixture) : IDisposable
{
    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("audit-export-");

    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task After_retention_prunes_an_export_verifies_with_the_cli_and_a_tampered_copy_does_not()
    {
        var tenant = await Platform.OldTenantAsync();
        await Platform.RecordAtAsync(tenant, DaysAgo(800), DaysAgo(700), DaysAgo(600));
        await fixture.RunAsync<AuditSealJob>();
        await Platform.RecordAtAsync(tenant, DaysAgo(2), DaysAgo(1));
        await fixture.RunAsync<AuditSealJob>();

        await fixture.RunAsync<AuditRetentionJob>();

        await using (var scope = Platform.ForTenant(tenant))
        {
            Assert.Equal(3, await scope.Db.AuditPruneRecords.Select(p => p.LastSeq).SingleAsync());
            Assert.Equal(AuditActions.AuditPrune, await scope.Db.AuditEvents.OrderByDescending(e => e.Seq).Select(e => e.Action).FirstAsync());
        }
        var bundle = Path.Combine(files.FullName, "bundle.ndjson");
        var keys = Path.Combine(files.FullName, "keys.json");
        await File.WriteAllBytesAsync(bundle, await Platform.ExportAsync(tenant));
        await using (var scope = Platform.WithoutTenant())
        {
            using var published = await scope.Db.LoadAuditKeysAsync();
            await File.WriteAllBytesAsync(keys, published.ToJwks());
        }

        var (valid, report) = await CliProcess.RunAsync("audit", "verify", bundle, "--keys", keys);

        Assert.True(valid == 0, report);
        Assert.Matches(@"pruned:?\s+1 to 3 \(signed prune record\)", report);

        // A customer's copy altered afterwards: one kept event now names another user.
        var lines = await File.ReadAllLinesAsync(bundle);
        var target = Array.FindIndex(lines, l => l.Contains("\"seq\":4,", StringComparison.Ordinal));
        lines[target] = lines[target].Replace("\"user-1\"", "\"user-2\"", StringComparison.Ordinal);
        var tampered = Path.Combine(files.FullName, "tampered.ndjson");
        await File.WriteAllTextAsync(tampered, string.Join('\n', lines) + "\n", new UTF8Encoding(false));

        var (invalid, tamperedReport) = await CliProcess.RunAsync("audit", "verify", tampered, "--keys", keys);

        Assert.True(invalid == 1, tamperedReport);
        Assert.Matches(@"first bad sequence:\s+4", tamperedReport);
    }

    public void Dispose() => files.Delete(recursive: true);

    private static DateTimeOffset DaysAgo(int days) => DateTimeOffset.UtcNow.AddDays(-days);
}
