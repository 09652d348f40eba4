// Backup throughput for a tenant of realistic size, against pg_dump | gzip | openssl enc of the
// same database in the same run. Starts its own Postgres (with the scratch database), Key Vault
// emulator and Azurite, seeds one tenant, then:
//   baseline: pg_dump (plain, data of the platform database) | gzip | openssl enc -aes-256-cbc > /dev/null,
//             MB/s = pg_dump's output bytes / wall time (best of 3);
//   project:  the platform's backup of the tenant (snapshot, COPY, gzip, AES-256-GCM, upload to
//             region A, signed manifest), MB/s = plaintext bytes (table COPY data + document bytes) / wall time (best of 3);
//   restore:  the restore test of the backup into the scratch database (download, authenticate,
//             decompress, COPY in, read back and hash), reported beside pg_restore-free plain psql replay of the dump.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Documents;
using Viggotech.Core.KeyVault;
using Viggotech.Core.People;
using Viggotech.Testing;
using Viggotech.Testing.KeyVault;
using Viggotech.Testing.Storage;

var people = Argument("--people", 5_000);
var documents = Argument("--documents", 50);
var documentKb = Argument("--document-kb", 256);

await using var keyVault = await TestKeyVault.StartAsync();
await using var azurite = await TestRegionalAzurite.StartAsync();
await using var platform = await PlatformTestDatabase.StartAsync(builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"ConnectionStrings:{PlatformKeyVault.ConnectionName}"] = keyVault.VaultUri.ToString(),
        [PlatformKeyVault.EmulatorSetting] = "true",
        [$"ConnectionStrings:{RegionalStorage.RegionAConnectionName}"] = azurite.RegionAConnectionString,
        [$"ConnectionStrings:{RegionalStorage.RegionBConnectionName}"] = azurite.RegionBConnectionString,
    });
    builder.AddPlatformKeyVault(keyVault.Configure);
    builder.AddAuditTrail();
    builder.AddPlatformEncryption();
    builder.AddPeople();
    builder.AddDocuments();
    builder.AddBackups();
}, withScratchDatabase: true);

var services = platform.Services;
var tenantId = await platform.NewTenantAsync();
await services.GetRequiredService<TenantKeys>().CreateForTenantAsync(tenantId);
Console.Error.WriteLine($"[bench] seeding {people} people and {documents} documents of {documentKb} KiB");
await using (var scope = platform.ForTenant(tenantId))
{
    var repository = scope.Services.GetRequiredService<PeopleRepository>();
    for (var i = 0; i < people; i++)
    {
        await repository.CreateAsync(new PersonInput($"Person {i}", $"person{i}@example.com", "+44 20 7946 0000", new DateOnly(1980, 1, 1).AddDays(i % 9000),
            $"{i} High Street, Springfield", $"Customer since {2000 + (i % 25)}; prefers email."));
        if (i % 5000 == 4999)
        {
            scope.Db.ChangeTracker.Clear();
        }
    }

    var store = scope.Services.GetRequiredService<DocumentStore>();
    // Text-like content (compressible), as invoices and letters are; it is encrypted before storage either way.
    var page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 64).Select(n => $"Line {n}: invoice item, quantity, price, total.\n")));
    for (var i = 0; i < documents; i++)
    {
        using var content = new MemoryStream();
        while (content.Length < documentKb * 1024)
        {
            content.Write(page);
            content.Write(Encoding.UTF8.GetBytes($"{i}/{content.Length}\n"));
        }

        content.Position = 0;
        await store.UploadAsync(new DocumentUpload($"document-{i}.txt", "text/plain"), content);
    }
}

var admin = new NpgsqlConnectionStringBuilder(platform.ConnectionStrings.Admin) { Database = PlatformTestDatabase.Database };
var dumpCommand = $"pg_dump --data-only --no-owner 'host={admin.Host} port={admin.Port} user={admin.Username} dbname={admin.Database}'";
var dumpBytes = long.Parse(Shell($"PGPASSWORD='{admin.Password}' {dumpCommand} | wc -c").Trim(), CultureInfo.InvariantCulture);

var baselines = new List<double>();
var projects = new List<double>();
var restores = new List<double>();
long backupBytes = 0;
long storedBytes = 0;
var scheduler = services.GetRequiredService<BackupScheduler>();
var backups = services.GetRequiredService<BackupService>();
var restoreTests = services.GetRequiredService<RestoreTests>();
for (var run = 0; run < 3; run++)
{
    var watch = Stopwatch.StartNew();
    Shell($"PGPASSWORD='{admin.Password}' {dumpCommand} | gzip | openssl enc -aes-256-cbc -pbkdf2 -pass pass:bench > /dev/null");
    baselines.Add(dumpBytes / 1e6 / watch.Elapsed.TotalSeconds);

    watch.Restart();
    var backupId = await backups.StartAsync(tenantId);
    await scheduler.RunForTenantAsync(tenantId);
    var elapsed = watch.Elapsed.TotalSeconds;
    var progress = await backups.GetAsync(tenantId, backupId) ?? throw new InvalidOperationException("The backup vanished.");
    if (progress.Status != Viggotech.Core.Backups.Records.BackupStatus.Completed)
    {
        throw new InvalidOperationException($"The backup failed: {progress.Error}");
    }

    var manifestBlob = services.GetRequiredService<BackupStorage>().RegionA.GetBlobClient(BackupStorage.BlobName(tenantId, backupId, BackupManifest.FileName));
    var manifest = BackupManifestJson.Read((await manifestBlob.DownloadContentAsync()).Value.Content.ToArray()).Manifest;
    backupBytes = manifest.Parts.Sum(p => p.ContentSize);
    storedBytes = manifest.Size;
    projects.Add(backupBytes / 1e6 / elapsed);

    watch.Restart();
    var result = await restoreTests.VerifyAsync(tenantId, backupId);
    if (!result.Succeeded)
    {
        throw new InvalidOperationException($"The restore test failed: {result.Problem}");
    }

    restores.Add(backupBytes / 1e6 / watch.Elapsed.TotalSeconds);
    Console.Error.WriteLine($"[bench] run {run + 1}: baseline {baselines[^1]:F1} MB/s, backup {projects[^1]:F1} MB/s, restore test {restores[^1]:F1} MB/s");
}

Console.WriteLine(FormattableString.Invariant($"backup plaintext_bytes={backupBytes} stored_bytes={storedBytes} pg_dump_bytes={dumpBytes}"));
Console.WriteLine(FormattableString.Invariant($"baseline_mb_per_s={baselines.Max():F1} project_mb_per_s={projects.Max():F1} restore_test_mb_per_s={restores.Max():F1}"));
return 0;

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Shell(string command)
{
    var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add("-o");
    start.ArgumentList.Add("pipefail");
    start.ArgumentList.Add("-c");
    start.ArgumentList.Add(command);
    using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
    var output = process.StandardOutput.ReadToEnd();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{command} failed: {error}");
}
