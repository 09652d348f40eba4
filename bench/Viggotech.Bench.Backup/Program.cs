// Backup and restore throughput for a tenant of realistic size, against pg_dump/pg_restore of the
// same data in the same run. Starts its own Postgres (with the scratch database), Key Vault
// emulator and Azurite, seeds one tenant (the only one in the database), then per run:
//   baseline backup:  pg_dump -Fc -Z0 --data-only of exactly the tables the backup holds | gzip |
//                     openssl enc -aes-256-cbc, streamed into a blob in region A of the same Azurite,
//                     and the tenant's document blobs copied into region A (download + upload, 4 at a time);
//   project backup:   the platform's backup of the tenant (snapshot, COPY, gzip, AES-256-GCM, upload
//                     to region A, documents bundled, signed manifest);
//   baseline restore: that blob downloaded | openssl dec | gunzip | pg_restore into an empty copy of
//                     the schema, and the document copies downloaded (4 at a time);
//   project restore:  the restore test (download, authenticate, decompress, COPY into the scratch
//                     database, then read back and hash every table and check the documents).
// Both sides hold the same data (the tenant's tables and its documents) and write to and read from
// the same Azurite. MB/s on both sides = the same byte count (the backup's plaintext: table COPY
// data + document bytes) / wall time, best of 3; so each ratio is baseline time / project time.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Snapshot;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.ServiceDefaults.KeyVault;
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
var connect = $"host={admin.Host} port={admin.Port} user={admin.Username}";
var password = $"PGPASSWORD='{admin.Password}'";
var tables = new List<string>();
var documentBlobs = new List<string>();
await using (var connection = new NpgsqlConnection(admin.ConnectionString))
{
    await connection.OpenAsync();
    // The same tables the backup discovers: the registry and every public table with tenant_id, bookkeeping excepted.
    await using (var command = new NpgsqlCommand("""
        SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
        ORDER BY 1
        """, connection))
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            if (!TenantTableCatalog.NotBackedUp.Contains(reader.GetString(0)))
            {
                tables.Add(reader.GetString(0));
            }
        }
    }

    await using (var command = new NpgsqlCommand("SELECT blob_name FROM documents WHERE tenant_id = $1 ORDER BY id", connection))
    {
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            documentBlobs.Add(reader.GetString(0));
        }
    }

    // An empty copy of the schema for pg_restore, cloned fresh for every run.
    await using (var command = new NpgsqlCommand("CREATE DATABASE bench_restore_template", connection))
    {
        await command.ExecuteNonQueryAsync();
    }
}

Shell($"{password} pg_dump --schema-only --no-owner --no-privileges '{connect} dbname={admin.Database}' | {password} psql -q -v ON_ERROR_STOP=0 '{connect} dbname=bench_restore_template' > /dev/null 2>&1 || true");
var dumpCommand = $"{password} pg_dump -Fc -Z0 --data-only {string.Join(' ', tables.Select(t => $"-t 'public.\"{t}\"'"))} '{connect} dbname={admin.Database}'";
var dumpBytes = long.Parse(Shell($"{dumpCommand} | wc -c").Trim(), CultureInfo.InvariantCulture);

var regions = services.GetRequiredService<RegionalStorage>();
var documentsSource = regions.RegionA.GetBlobContainerClient(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentsOptions>>().Value.ContainerName);
var baselineContainer = regions.RegionA.GetBlobContainerClient("baseline");
await baselineContainer.CreateIfNotExistsAsync();

var baselines = new List<double>();
var projects = new List<double>();
var baselineRestores = new List<double>();
var restores = new List<double>();
long backupBytes = 0;
long storedBytes = 0;
long baselineStoredBytes = 0;
var scheduler = services.GetRequiredService<BackupScheduler>();
var backups = services.GetRequiredService<BackupService>();
var restoreTests = services.GetRequiredService<RestoreTests>();
for (var run = 0; run < 3; run++)
{
    var prefix = $"run-{run}/";
    var watch = Stopwatch.StartNew();
    var dumpBlob = baselineContainer.GetBlobClient(prefix + "dump.gz.enc");
    await PipeToBlobAsync($"{dumpCommand} | gzip | openssl enc -aes-256-cbc -pbkdf2 -pass pass:bench", dumpBlob);
    await Parallel.ForEachAsync(documentBlobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, ct) =>
    {
        var download = await documentsSource.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: ct);
        await using var content = download.Value.Content;
        await baselineContainer.GetBlobClient(prefix + "documents/" + name).UploadAsync(content, ct);
    });
    var baselineSeconds = watch.Elapsed.TotalSeconds;
    baselineStoredBytes = (await dumpBlob.GetPropertiesAsync()).Value.ContentLength;

    watch.Restart();
    var backupId = await backups.StartAsync(tenantId);
    await scheduler.RunForTenantAsync(tenantId);
    var projectSeconds = watch.Elapsed.TotalSeconds;
    var progress = await backups.GetAsync(tenantId, backupId) ?? throw new InvalidOperationException("The backup vanished.");
    if (progress.Status != Viggotech.Core.Backups.Records.BackupStatus.Completed)
    {
        throw new InvalidOperationException($"The backup failed: {progress.Error}");
    }

    var manifestBlob = services.GetRequiredService<BackupStorage>().RegionA.GetBlobClient(BackupStorage.BlobName(tenantId, backupId, BackupManifest.FileName));
    var manifest = BackupManifestJson.Read((await manifestBlob.DownloadContentAsync()).Value.Content.ToArray()).Manifest;
    backupBytes = manifest.Parts.Sum(p => p.ContentSize);
    storedBytes = manifest.Size;
    baselines.Add(backupBytes / 1e6 / baselineSeconds);
    projects.Add(backupBytes / 1e6 / projectSeconds);

    Shell($"{password} psql -q '{connect} dbname=postgres' -c 'DROP DATABASE IF EXISTS bench_restore' -c 'CREATE DATABASE bench_restore TEMPLATE bench_restore_template'");
    watch.Restart();
    var dumpDownload = await dumpBlob.DownloadStreamingAsync();
    await using (var dumpContent = dumpDownload.Value.Content)
    {
        await PipeFromStreamAsync(dumpContent,
            $"openssl enc -d -aes-256-cbc -pbkdf2 -pass pass:bench | gunzip | {password} pg_restore --data-only --disable-triggers --no-owner --exit-on-error -d '{connect} dbname=bench_restore'");
    }

    await Parallel.ForEachAsync(documentBlobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, ct) =>
    {
        var download = await baselineContainer.GetBlobClient(prefix + "documents/" + name).DownloadStreamingAsync(cancellationToken: ct);
        await using var content = download.Value.Content;
        await content.CopyToAsync(Stream.Null, ct);
    });
    baselineRestores.Add(backupBytes / 1e6 / watch.Elapsed.TotalSeconds);

    watch.Restart();
    var result = await restoreTests.VerifyAsync(tenantId, backupId);
    if (!result.Succeeded)
    {
        throw new InvalidOperationException($"The restore test failed: {result.Problem}");
    }

    restores.Add(backupBytes / 1e6 / watch.Elapsed.TotalSeconds);
    Console.Error.WriteLine($"[bench] run {run + 1}: backup {projects[^1]:F1} MB/s vs baseline {baselines[^1]:F1} MB/s; restore {restores[^1]:F1} MB/s vs pg_restore {baselineRestores[^1]:F1} MB/s");
}

Console.WriteLine(FormattableString.Invariant($"data plaintext_bytes={backupBytes} tables={tables.Count} documents={documentBlobs.Count} stored_bytes={storedBytes} pg_dump_bytes={dumpBytes} baseline_stored_bytes={baselineStoredBytes}"));
Console.WriteLine(FormattableString.Invariant($"baseline_mb_per_s={baselines.Max():F1} project_mb_per_s={projects.Max():F1} baseline_restore_mb_per_s={baselineRestores.Max():F1} restore_test_mb_per_s={restores.Max():F1}"));
return 0;

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task PipeToBlobAsync(string command, BlobClient blob)
{
    using var process = Bash(command, redirectInput: false);
    var error = process.StandardError.ReadToEndAsync();
    await blob.UploadAsync(process.StandardOutput.BaseStream, new BlobUploadOptions());
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{command} failed: {await error}");
    }
}

static async Task PipeFromStreamAsync(Stream input, string command)
{
    using var process = Bash(command, redirectInput: true);
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await input.CopyToAsync(process.StandardInput.BaseStream);
    process.StandardInput.Close();
    await process.WaitForExitAsync();
    await output;
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{command} failed: {await error}");
    }
}

static Process Bash(string command, bool redirectInput)
{
    var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput };
    start.ArgumentList.Add("-o");
    start.ArgumentList.Add("pipefail");
    start.ArgumentList.Add("-c");
    start.ArgumentList.Add(command);
    return Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
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
