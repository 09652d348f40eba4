using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class BackupTamperingTests(BackupPlatformFixture fixture)
{
    private RestoreTests RestoreTests => fixture.Services.GetRequiredService<RestoreTests>();

    [Fact]
    public async Task One_flipped_byte_in_a_stored_part_fails_the_restore_test_naming_the_part_and_raises_an_alert()
    {
        var (tenantId, backupId, manifest) = await BackedUpTenantAsync();
        var part = manifest.Parts.Single(p => p.Table == "people");
        var blob = fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, part.Name);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x01;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);

        var result = await RestoreTests.VerifyAsync(tenantId, backupId);

        Assert.False(result.Succeeded);
        Assert.Contains($"part {part.Name}", result.Problem, StringComparison.Ordinal);
        Assert.Contains(await fixture.AlertsAsync(tenantId), alert => alert.Contains(backupId.ToString(), StringComparison.Ordinal) && alert.Contains(part.Name, StringComparison.Ordinal));
        var shown = await fixture.Backups.LastVerifiedRestoreAsync(tenantId);
        Assert.False(shown!.Latest.Succeeded);
        Assert.Null(shown.LastSucceeded);
    }

    [Fact]
    public async Task A_part_that_is_missing_is_named()
    {
        var (tenantId, backupId, manifest) = await BackedUpTenantAsync();
        var part = manifest.Parts.Single(p => p.Kind == BackupPartKind.Documents);
        await fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, part.Name).DeleteAsync();

        var result = await RestoreTests.VerifyAsync(tenantId, backupId);

        Assert.False(result.Succeeded);
        Assert.Contains($"part {part.Name} is missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_changed_after_signing_is_refused()
    {
        var (tenantId, backupId, _) = await BackedUpTenantAsync();
        var blob = fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, BackupManifest.FileName);
        var json = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!.AsObject();
        var people = json["parts"]!.AsArray().Single(p => (string?)p!["table"] == "people")!;
        people["rows"] = (long)people["rows"]! + 1;
        await blob.UploadAsync(new BinaryData(json.ToJsonString()), overwrite: true);

        var result = await RestoreTests.VerifyAsync(tenantId, backupId);

        Assert.False(result.Succeeded);
        Assert.Contains("signature does not verify", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_signed_again_with_a_key_that_is_not_the_platforms_is_refused()
    {
        var (tenantId, backupId, manifest) = await BackedUpTenantAsync();
        var forged = manifest with { Parts = [.. manifest.Parts.Select(p => p.Table == "people" ? p with { Rows = p.Rows + 1 } : p)] };
        using var signer = new BackupManifestSignatureFactory("backup-signing-key/forged", ECDsa.Create(ECCurve.NamedCurves.nistP256));
        await fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, BackupManifest.FileName)
            .UploadAsync(new BinaryData(BackupManifestJson.Write(forged, signer.Sign(forged))), overwrite: true);

        var result = await RestoreTests.VerifyAsync(tenantId, backupId);

        Assert.False(result.Succeeded);
        Assert.Contains("backup-signing-key/forged, which is not a platform backup signing key", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_without_its_signature_is_refused()
    {
        var (tenantId, backupId, _) = await BackedUpTenantAsync();
        var blob = fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, BackupManifest.FileName);
        var json = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!.AsObject();
        json.Remove("signature");
        await blob.UploadAsync(new BinaryData(json.ToJsonString()), overwrite: true);

        var result = await RestoreTests.VerifyAsync(tenantId, backupId);

        Assert.False(result.Succeeded);
        Assert.Contains("not signed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parts_swapped_between_two_backups_of_the_tenant_fail_authentication()
    {
        var (tenantId, first, manifest) = await BackedUpTenantAsync();
        var second = (await fixture.BackupAsync(tenantId)).BackupId;
        var secondManifest = await ManifestAsync(tenantId, second);
        var part = manifest.Parts.Single(p => p.Table == "people");
        var other = secondManifest.Parts.Single(p => p.Table == "people");
        var content = (await fixture.Blob(fixture.Storage.RegionA, tenantId, first, part.Name).DownloadContentAsync()).Value.Content;
        await fixture.Blob(fixture.Storage.RegionA, tenantId, second, other.Name).UploadAsync(content, overwrite: true);

        var result = await RestoreTests.VerifyAsync(tenantId, second);

        Assert.False(result.Succeeded);
        Assert.Contains($"part {other.Name}", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_tenant_key_is_destroyed_its_backups_cannot_be_decrypted()
    {
        var (tenantId, backupId, _) = await BackedUpTenantAsync();

        await fixture.Keys.DestroyAsync(tenantId);

        // The blobs are still there: it is the key that is gone.
        Assert.True(await fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, BackupManifest.FileName).ExistsAsync());
        var result = await RestoreTests.VerifyAsync(tenantId, backupId);
        Assert.False(result.Succeeded);
        Assert.Contains("destroyed", result.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Core.Crypto.TenantKeyDestroyedException>(() => BackupReader.OpenAsync(fixture.Storage,
            fixture.Services.GetRequiredService<BackupSigningKeys>(), fixture.Services.GetRequiredService<KeyEncryptionKeys>(), tenantId, backupId, default));
    }

    private async Task<(Guid TenantId, Guid BackupId, BackupManifest Manifest)> BackedUpTenantAsync()
    {
        var tenantId = await fixture.NewTenantAsync(people: 3, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);
        return (tenantId, backup.BackupId, await ManifestAsync(tenantId, backup.BackupId));
    }

    private async Task<BackupManifest> ManifestAsync(Guid tenantId, Guid backupId) =>
        BackupManifestJson.Read((await fixture.Blob(fixture.Storage.RegionA, tenantId, backupId, BackupManifest.FileName).DownloadContentAsync()).Value.Content.ToArray()).Manifest;
}
