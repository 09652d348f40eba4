namespace Viggotech.Infra.Tests.Baseline;

public sealed partial class SecurityBaseline
{
    private static readonly Dictionary<string, (string Role, string ScopeType)> LeastPrivilegeRoles = new()
    {
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = ("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults"),
        ["4633458b-17de-408a-b874-0445c86b69e6"] = ("Key Vault Secrets User", "Microsoft.KeyVault/vaults"),
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = ("Storage Blob Data Contributor", "Microsoft.Storage/storageAccounts"),
        ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = ("AcrPull", "Microsoft.ContainerRegistry/registries"),
    };

    /// <summary>Key Vault with RBAC authorisation, soft delete for 90 days and purge protection.</summary>
    public IEnumerable<string> KeyVault()
    {
        var vaults = Of("Microsoft.KeyVault/vaults");
        if (vaults.Count == 0)
        {
            yield return "key vault: none is deployed";
        }

        foreach (var vault in vaults)
        {
            var p = vault.Properties;
            if (Flag(p?["enableRbacAuthorization"]) != true)
            {
                yield return $"{vault}: enableRbacAuthorization is {Show(p?["enableRbacAuthorization"])}, not true";
            }

            if (Flag(p?["enableSoftDelete"]) != true)
            {
                yield return $"{vault}: enableSoftDelete is {Show(p?["enableSoftDelete"])}, not true";
            }

            if (Number(p?["softDeleteRetentionInDays"]) != 90)
            {
                yield return $"{vault}: softDeleteRetentionInDays is {Show(p?["softDeleteRetentionInDays"])}, not 90";
            }

            if (Flag(p?["enablePurgeProtection"]) != true)
            {
                yield return $"{vault}: enablePurgeProtection is {Show(p?["enablePurgeProtection"])}, not true";
            }
        }
    }

    /// <summary>Only the least-privilege roles, each scoped to the one resource it is about (never a resource group or subscription).</summary>
    public IEnumerable<string> RoleAssignments()
    {
        foreach (var assignment in Of("Microsoft.Authorization/roleAssignments"))
        {
            var roleId = Text(assignment.Properties?["roleDefinitionId"]) ?? "";
            var known = LeastPrivilegeRoles.FirstOrDefault(r => roleId.Contains(r.Key, StringComparison.OrdinalIgnoreCase));
            if (known.Key is null)
            {
                yield return $"{assignment}: grants {roleId}, which is not one of the least-privilege roles";
                continue;
            }

            var scope = Text(assignment.Definition["scope"]);
            if (scope is null || !scope.Contains(known.Value.ScopeType, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{assignment}: {known.Value.Role} must be scoped to a {known.Value.ScopeType} resource, not {scope ?? "the resource group"}";
            }
        }
    }
}
