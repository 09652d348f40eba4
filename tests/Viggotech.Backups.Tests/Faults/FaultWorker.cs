using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.ServiceDefaults.KeyVault;
using Viggotech.Testing.Processes;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>
/// What the fault tests share: a real Worker process wired to the fixture's database, Key Vault
/// emulator and Azurite, running only the jobs a test names, and a full read-back of a stored
/// backup in either region.
/// </summary>
internal static class FaultWorker
{
    // The Worker's job names (its job classes are internal to it).
    public const string BackupJob = "backups";
    public const string ReplicationJob = "blob-replication";
    public const string RestoreTestJob = "backup-restore-tests";

    /// <summary>Starts the Worker with only <paramref name="jobs"/> scheduled, each every second, plus <paramref name="settings"/> (<c>Section__Key</c> names).</summary>
    public static RunningProcess Start(BackupPlatformFixture fixture, IReadOnlyList<string> jobs, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App,
            [$"ConnectionStrings__{PlatformKeyVault.ConnectionName}"] = fixture.KeyVault.VaultUri.ToString(),
            [PlatformKeyVault.EmulatorSetting.Replace(":", "__", StringComparison.Ordinal)] = "true",
            [$"ConnectionStrings__{RegionalStorage.RegionAConnectionName}"] = fixture.Azurite.RegionAConnectionString,
            [$"ConnectionStrings__{RegionalStorage.RegionBConnectionName}"] = fixture.Azurite.RegionBConnectionString,
            // The emulator's self-signed certificate is the only root this process trusts.
            ["SSL_CERT_FILE"] = fixture.KeyVault.CertificatePath,
            ["Worker__LeaseDuration"] = "00:00:05",
            // The output kept for failure messages is the Worker's own, not every SQL command.
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        };
        if (fixture.Platform.ConnectionStrings.Restore is { } restore)
        {
            environment[$"ConnectionStrings__{PlatformDatabase.RestoreConnectionName}"] = restore;
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            environment[$"Worker__OnlyJobs__{i.ToString(CultureInfo.InvariantCulture)}"] = jobs[i];
            environment[$"Jobs__{jobs[i]}__Interval"] = "00:00:01";
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return WorkerProcess.Start(environment);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the Worker's output if it does not within <paramref name="seconds"/> or the Worker exits.</summary>
    public static async Task WaitForAsync(RunningProcess worker, string what, Func<Task<bool>> condition, int seconds = 120, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (worker.HasExited || DateTime.UtcNow > deadline)
            {
                var seen = state is null ? "" : await state() + Environment.NewLine;
                Assert.Fail($"The Worker did not get there ({what}; {(worker.HasExited ? "it exited" : $"{seconds} s passed")}):{Environment.NewLine}{seen}{worker.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Reads a backup back from one region's container as a restore would: the manifest's
    /// signature, the wrapped key, every part's stored hash, chunk authentication and content
    /// hash, and the hash of the whole. Throws <see cref="BackupVerificationException"/> on any mismatch.
    /// </summary>
    public static async Task<BackupManifest> ReadBackAsync(BackupPlatformFixture fixture, Azure.Storage.Blobs.BlobServiceClient region, Guid tenantId, Guid backupId)
    {
        // The reader reads region A first; pointing both regions at one account reads that account only.
        var storage = new BackupStorage(new RegionalStorage(region, region), fixture.Services.GetRequiredService<IOptions<BackupsOptions>>());
        using var reader = await BackupReader.OpenAsync(storage, fixture.Services.GetRequiredService<BackupSigningKeys>(),
            fixture.Services.GetRequiredService<KeyEncryptionKeys>(), tenantId, backupId, default);
        await reader.ReadPartsAsync((_, _, _) => Task.CompletedTask, default);
        return reader.Manifest;
    }
}
