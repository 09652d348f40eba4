using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Documents;
using Viggotech.Core.Exports.Requests;
using Viggotech.Testing.Postgres;
using Viggotech.Testing.Processes;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>A real Worker process killed with SIGKILL while it builds an export, then a new Worker, then the customer's CLI.</summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class WorkerKilledMidExportTests(BackupPlatformFixture fixture)
{
    private const string ExportBuildJob = "export-builds";
    private const string Passphrase = "correct horse battery staple export";
    private const int Documents = 48;

    private DataExports Exports => fixture.Services.GetRequiredService<DataExports>();

    [Fact]
    public async Task Worker_killed_mid_export_leaves_nothing_downloadable_and_the_next_worker_builds_it_again_and_the_cli_verifies_it()
    {
        var tenantId = await LargeTenantAsync();
        var ticket = await Exports.RequestAsync(tenantId, "admin-1", Passphrase);
        var key = ExportRows.DerivedKey(await ExportRows.ReadAsync(fixture, ticket.Id), Passphrase);

        await using (var first = FaultWorker.Start(fixture, [ExportBuildJob]))
        {
            // Within the documents: progress is visible, the file is partly written.
            await FaultWorker.WaitForAsync(first, "within the documents", async () =>
                await Exports.GetAsync(tenantId, ticket.Id) is { Status: DataExportStatus.Building, Step: "documents", Percent: >= 20 and < 80 });
            await first.KillAsync();
        }

        var interrupted = await Exports.GetAsync(tenantId, ticket.Id);
        Assert.Equal(DataExportStatus.Building, interrupted!.Status);
        Assert.Null(await Exports.OpenDownloadAsync(tenantId, ticket.Id, ticket.DownloadToken));
        Assert.Empty(await CommittedFilesAsync(tenantId, ticket.Id));
        var dump = await PgDump.RunAsync(fixture.Platform);
        Assert.Contains(ticket.Id.ToString("D"), dump, StringComparison.Ordinal);
        ExportRows.AssertHoldsNoSecret(dump, Passphrase, key, "pg_dump during the build");

        await using (var second = FaultWorker.Start(fixture, [ExportBuildJob]))
        {
            await FaultWorker.WaitForAsync(second, "the export ready", async () =>
                await Exports.GetAsync(tenantId, ticket.Id) is { Status: DataExportStatus.Ready },
                state: async () => $"export: {await Exports.GetAsync(tenantId, ticket.Id)}");
        }

        var row = await ExportRows.ReadAsync(fixture, ticket.Id);
        Assert.Equal(2, row.Attempts);
        Assert.Null(row.SealedKey);
        ExportRows.AssertHoldsNoSecret(await PgDump.RunAsync(fixture.Platform), Passphrase, key, "pg_dump after the build");
        Assert.Equal([DataExports.BlobName(tenantId, ticket.Id, 2)], await CommittedFilesAsync(tenantId, ticket.Id));

        var directory = Directory.CreateTempSubdirectory("viggotech-export-test-");
        try
        {
            var file = Path.Combine(directory.FullName, "export.vgtexport");
            await using (var download = await Exports.OpenDownloadAsync(tenantId, ticket.Id, ticket.DownloadToken))
            await using (var output = File.Create(file))
            {
                Assert.NotNull(download);
                await download.CopyToAsync(output);
            }

            var passphraseFile = Path.Combine(directory.FullName, "passphrase.txt");
            await File.WriteAllTextAsync(passphraseFile, Passphrase + "\n");
            var verified = await CliProcess.RunAsync("export", "verify", file, "--passphrase-file", passphraseFile);
            Assert.True(verified.ExitCode == 0, verified.Output);
            Assert.Contains($"documents: {Documents}", verified.Output, StringComparison.Ordinal);

            await File.WriteAllTextAsync(passphraseFile, "not the passphrase at all\n");
            Assert.Equal(2, (await CliProcess.RunAsync("export", "verify", file, "--passphrase-file", passphraseFile)).ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Large enough that building its export takes seconds: documents of 1 MiB (random, so they do not compress).</summary>
    private async Task<Guid> LargeTenantAsync()
    {
        var tenantId = await fixture.NewTenantAsync(people: 5, documents: 0);
        await using var scope = fixture.Platform.ForTenant(tenantId);
        var store = scope.Services.GetRequiredService<DocumentStore>();
        for (var i = 0; i < Documents; i++)
        {
            using var content = new MemoryStream(RandomNumberGenerator.GetBytes(1024 * 1024));
            await store.UploadAsync(new DocumentUpload($"scan-{i}.bin", "application/octet-stream"), content);
        }

        return tenantId;
    }

    // Committed blobs only: uncommitted blocks of an interrupted upload are not a readable file.
    private async Task<List<string>> CommittedFilesAsync(Guid tenantId, Guid exportId)
    {
        var names = new List<string>();
        await foreach (var blob in Exports.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId:D}/{exportId:D}" }))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
