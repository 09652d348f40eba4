using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit.Verification;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Format;
using Viggotech.Core.People;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class TenantExportTests(BackupPlatformFixture fixture)
{
    private const string Passphrase = "a passphrase the admin chose";

    [Fact]
    public async Task An_export_holds_the_tenants_people_and_documents_decrypted_and_an_audit_trail_that_verifies()
    {
        var tenantId = await fixture.NewTenantAsync(people: 4, documents: 2);
        var other = await fixture.NewTenantAsync(people: 1, documents: 1);
        using var encrypted = new MemoryStream();
        var steps = new List<ExportProgress>();
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await scope.Services.GetRequiredService<TenantExporter>().WriteAsync(encrypted, Passphrase, new SynchronousProgress(steps.Add), iterations: 100_000);
        }

        Assert.Equal(100, steps[^1].Percent);
        Assert.True(encrypted.ToArray().AsSpan().IndexOf("Person 0"u8) < 0, "no plaintext in the export file");
        encrypted.Position = 0;
        var check = await ExportVerifier.VerifyAsync(encrypted, Passphrase);
        Assert.Equal(tenantId, check.Manifest.TenantId);
        Assert.Equal(4, check.Manifest.Counts.People);
        Assert.Equal(2, check.Manifest.Counts.Documents);

        encrypted.Position = 0;
        using var zipBytes = new MemoryStream();
        await ExportDecryption.DecryptAsync(encrypted, zipBytes, Passphrase);
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        var people = await JsonSerializer.DeserializeAsync<List<Person>>(zip.GetEntry("people.json")!.Open(), ExportManifest.Json);
        Assert.Equal(["Person 0", "Person 1", "Person 2", "Person 3"], people!.Select(p => p.Name).Order());
        Assert.Contains(people!, p => p.Email == "person0@example.com");
        var documents = await JsonSerializer.DeserializeAsync<List<ExportedDocument>>(zip.GetEntry("documents.json")!.Open(), ExportManifest.Json);
        foreach (var document in documents!)
        {
            using var reader = new StreamReader(zip.GetEntry(document.Path)!.Open(), Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            Assert.Contains($"of {tenantId}", text, StringComparison.Ordinal);
            Assert.DoesNotContain(other.ToString(), text, StringComparison.Ordinal);
        }

        await using var audit = zip.GetEntry("audit/audit-trail.ndjson")!.Open();
        var verification = await AuditBundleVerifier.VerifyAsync(audit);
        Assert.True(verification.IsValid, verification.Problem?.ToString());
    }

    [Fact]
    public async Task The_wrong_passphrase_does_not_open_an_export()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        using var encrypted = new MemoryStream();
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await scope.Services.GetRequiredService<TenantExporter>().WriteAsync(encrypted, Passphrase, iterations: 100_000);
        }

        encrypted.Position = 0;
        var error = await Assert.ThrowsAsync<ExportException>(() => ExportVerifier.VerifyAsync(encrypted, "guess"));
        Assert.Equal(ExportProblem.WrongPassphrase, error.Problem);
    }

    private sealed class SynchronousProgress(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}
