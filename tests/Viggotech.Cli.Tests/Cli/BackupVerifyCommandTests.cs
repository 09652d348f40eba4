using System.Security.Cryptography;
using System.Text;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;

namespace Viggotech.Cli.Tests.Cli;

public sealed class BackupVerifyCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("viggotech-backup-").FullName;
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task A_backup_whose_parts_match_its_signed_manifest_exits_0()
    {
        var manifest = Write();

        var (exitCode, output) = await CliRun.InProcessAsync("backup", "verify", manifest);

        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Contains("VALID", output);
        Assert.Contains("the key embedded in the manifest", output);
    }

    [Fact]
    public async Task Against_the_published_keys_a_backup_signed_by_them_exits_0_and_one_signed_by_another_key_exits_1()
    {
        var manifest = Write();
        using var published = new TempFile(new AuditKeySet([AuditPublicKey.FromEcdsa("backup-signing-key/1", key)]).ToJwks(), ".json");
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new TempFile(new AuditKeySet([AuditPublicKey.FromEcdsa("backup-signing-key/2", otherKey)]).ToJwks(), ".json");

        var (trustedExit, trustedOutput) = await CliRun.InProcessAsync("backup", "verify", manifest, "--keys", published.Path);
        var (otherExit, otherOutput) = await CliRun.InProcessAsync("backup", "verify", manifest, "--keys", other.Path);

        Assert.Equal(ExitCodes.Valid, trustedExit);
        Assert.Contains("a trusted key", trustedOutput);
        Assert.Equal(ExitCodes.Invalid, otherExit);
        Assert.Contains("not among the trusted keys", otherOutput);
    }

    [Fact]
    public async Task One_flipped_byte_in_a_part_exits_1_naming_the_part()
    {
        var manifest = Write();
        var part = Path.Combine(folder, "01-people.vgtb");
        var bytes = await File.ReadAllBytesAsync(part);
        bytes[10] ^= 0x01;
        await File.WriteAllBytesAsync(part, bytes);

        var (exitCode, output) = await CliRun.InProcessAsync("backup", "verify", manifest);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("part 01-people.vgtb does not match", output);
    }

    [Fact]
    public async Task A_missing_part_exits_1()
    {
        var manifest = Write();
        File.Delete(Path.Combine(folder, "00-tenants.vgtb"));

        var (exitCode, output) = await CliRun.InProcessAsync("backup", "verify", manifest);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("part 00-tenants.vgtb is missing", output);
    }

    [Fact]
    public async Task A_manifest_edited_after_signing_exits_1()
    {
        var manifest = Write();
        var text = await File.ReadAllTextAsync(manifest);
        await File.WriteAllTextAsync(manifest, text.Replace("\"rows\": 7", "\"rows\": 6", StringComparison.Ordinal));

        var (exitCode, output) = await CliRun.InProcessAsync("backup", "verify", manifest);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("signature does not verify", output);
    }

    [Fact]
    public async Task A_file_that_is_not_a_manifest_exits_2()
    {
        var path = Path.Combine(folder, "manifest.json");
        await File.WriteAllTextAsync(path, "{\"hello\": 1}");

        var (exitCode, output) = await CliRun.InProcessAsync("backup", "verify", path);

        Assert.Equal(ExitCodes.Unusable, exitCode);
        Assert.Contains("UNUSABLE", output);
    }

    public void Dispose()
    {
        key.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    // Parts of random bytes: the offline check reads only their hashes, never their content.
    private string Write()
    {
        var tenantId = Guid.CreateVersion7();
        var backupId = Guid.CreateVersion7();
        var parts = new List<BackupManifestPart>();
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        foreach (var (name, table, rows) in new[] { ("00-tenants.vgtb", "tenants", 1L), ("01-people.vgtb", "people", 7L) })
        {
            var bytes = RandomNumberGenerator.GetBytes(5000);
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
            whole.AppendData(bytes);
            size += bytes.Length;
            parts.Add(new BackupManifestPart(name, Guid.CreateVersion7(), table == "tenants" ? BackupPartKind.Tenant : BackupPartKind.Table, table,
                ["id"], ["id"], rows, BackupManifestPart.Gzip, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), 100, new string('a', 64)));
        }

        var manifest = new BackupManifest(backupId, tenantId, DateTimeOffset.Parse("2026-11-27T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-27T01:00:05Z", System.Globalization.CultureInfo.InvariantCulture), "20261127111606_Backups",
            new BackupKeyReference($"tenant-{tenantId:D}-kek", "v1", new byte[BackupKey.WrappedSize]), parts, size, Convert.ToHexStringLower(whole.GetCurrentHash()));
        using var signer = new BackupManifestSignatureFactory("backup-signing-key/1", ImportCopy());
        var path = Path.Combine(folder, BackupManifest.FileName);
        File.WriteAllBytes(path, BackupManifestJson.Write(manifest, signer.Sign(manifest)));
        return path;
    }

    private ECDsa ImportCopy()
    {
        var copy = ECDsa.Create();
        copy.ImportParameters(key.ExportParameters(includePrivateParameters: true));
        return copy;
    }
}
