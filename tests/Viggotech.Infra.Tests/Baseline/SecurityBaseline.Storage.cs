namespace Viggotech.Infra.Tests.Baseline;

public sealed partial class SecurityBaseline
{
    /// <summary>TLS 1.2, HTTPS only, no public blobs, no shared keys, versioning and soft delete; an account in each region.</summary>
    public IEnumerable<string> Storage()
    {
        var accounts = Of("Microsoft.Storage/storageAccounts");
        if (!accounts.Any(a => a.Location == PrimaryLocation) || !accounts.Any(a => a.Location == SecondaryLocation))
        {
            yield return "storage: there must be a storage account in each region";
        }

        foreach (var account in accounts)
        {
            var p = account.Properties;
            if (Text(p?["minimumTlsVersion"]) is not ("TLS1_2" or "TLS1_3"))
            {
                yield return $"{account}: minimumTlsVersion is {Show(p?["minimumTlsVersion"])}, not TLS1_2";
            }

            if (Flag(p?["supportsHttpsTrafficOnly"]) != true)
            {
                yield return $"{account}: supportsHttpsTrafficOnly is {Show(p?["supportsHttpsTrafficOnly"])}, not true";
            }

            if (Flag(p?["allowBlobPublicAccess"]) != false)
            {
                yield return $"{account}: allowBlobPublicAccess is {Show(p?["allowBlobPublicAccess"])}, not false";
            }

            if (Flag(p?["allowSharedKeyAccess"]) != false)
            {
                yield return $"{account}: allowSharedKeyAccess is {Show(p?["allowSharedKeyAccess"])}, not false (keys bypass identity)";
            }
        }

        foreach (var blobs in Of("Microsoft.Storage/storageAccounts/blobServices"))
        {
            var p = blobs.Properties;
            if (Flag(p?["isVersioningEnabled"]) != true)
            {
                yield return $"{blobs}: blob versioning is off";
            }

            if (Flag(p?["deleteRetentionPolicy"]?["enabled"]) != true || Flag(p?["containerDeleteRetentionPolicy"]?["enabled"]) != true)
            {
                yield return $"{blobs}: soft delete of blobs and containers must be on";
            }
        }

        foreach (var container in Of("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            var access = Text(container.Properties?["publicAccess"]);
            if (access is not (null or "None"))
            {
                yield return $"{container}: publicAccess is {access}, not None";
            }
        }
    }

    /// <summary>The backups container in the secondary region is write-once (an immutability policy).</summary>
    public IEnumerable<string> BackupImmutability()
    {
        var secondaryAccounts = Of("Microsoft.Storage/storageAccounts").Where(a => a.Location == SecondaryLocation).ToArray();
        foreach (var account in secondaryAccounts)
        {
            var policy = Of("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies")
                .FirstOrDefault(p => p.Module == account.Module && Flag(p.Definition["condition"]) != false);
            var backups = Of("Microsoft.Storage/storageAccounts/blobServices/containers")
                .FirstOrDefault(c => c.Module == account.Module && ChildName(c) == "backups");

            if (backups is null || policy is null || Flag(backups.Properties?["immutableStorageWithVersioning"]?["enabled"]) == false)
            {
                yield return $"{account}: the backups container in the secondary region has no immutability policy";
            }
            else if (Number(policy.Properties?["immutabilityPeriodSinceCreationInDays"]) is <= 0)
            {
                yield return $"{policy}: the immutability period must be at least one day";
            }
        }

        if (secondaryAccounts.Length == 0)
        {
            yield return "storage: no account in the secondary region to hold immutable backups";
        }
    }
}
