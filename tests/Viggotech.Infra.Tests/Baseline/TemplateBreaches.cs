using System.Text.Json.Nodes;
using Viggotech.Infra.Tests.Arm;

namespace Viggotech.Infra.Tests.Baseline;

/// <summary>Careless changes to the compiled template, each of which the baseline must report.</summary>
public static class TemplateBreaches
{
    public static readonly IReadOnlyDictionary<string, Action<JsonObject>> All = new Dictionary<string, Action<JsonObject>>
    {
        ["storage accepts TLS 1.0"] = t => Set(t, "Microsoft.Storage/storageAccounts", p => p["minimumTlsVersion"] = "TLS1_0"),
        ["storage serves plain HTTP"] = t => Set(t, "Microsoft.Storage/storageAccounts", p => p["supportsHttpsTrafficOnly"] = false),
        ["storage allows public blobs"] = t => Set(t, "Microsoft.Storage/storageAccounts", p => p["allowBlobPublicAccess"] = true),
        ["storage accepts shared keys"] = t => Set(t, "Microsoft.Storage/storageAccounts", p => p["allowSharedKeyAccess"] = true),
        ["secondary backups are not write-once"] = t => Each(t, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies", r => r["condition"] = false),
        ["redis accepts TLS 1.0"] = t => Set(t, "Microsoft.Cache/redisEnterprise", p => p["minimumTlsVersion"] = "1.0"),
        ["redis accepts access keys"] = t => Set(t, "Microsoft.Cache/redisEnterprise/databases", p => p["accessKeysAuthentication"] = "Enabled"),
        ["postgres accepts TLS 1.0"] = t => Each(t, "Microsoft.DBforPostgreSQL/flexibleServers/configurations", r =>
        {
            if (r["name"]!.ToString().Contains("ssl_min_protocol_version", StringComparison.Ordinal))
            {
                r["properties"]!["value"] = "TLSv1";
            }
        }),
        ["postgres accepts passwords"] = t => Set(t, "Microsoft.DBforPostgreSQL/flexibleServers", p =>
        {
            if (p["authConfig"] is JsonObject auth)
            {
                auth["passwordAuth"] = "Enabled";
            }
        }),
        ["postgres replica in the primary region"] = t => Each(t, "Microsoft.DBforPostgreSQL/flexibleServers", r =>
        {
            if (r["properties"]?["createMode"]?.ToString() == "Replica")
            {
                r["location"] = SecurityBaseline.PrimaryLocation;
            }
        }),
        ["key vault without purge protection"] = t => Set(t, "Microsoft.KeyVault/vaults", p => p["enablePurgeProtection"] = false),
        ["key vault keeps deleted secrets 7 days"] = t => Set(t, "Microsoft.KeyVault/vaults", p => p["softDeleteRetentionInDays"] = 7),
        ["key vault uses access policies"] = t => Set(t, "Microsoft.KeyVault/vaults", p => p["enableRbacAuthorization"] = false),
        ["app setting holds a password"] = t => AddSetting(t, "ConnectionStrings__viggotech", "Host=db;Username=app;Password=hunter2"),
        ["app setting reads a storage key"] = t => AddSetting(t, "ConnectionStrings__storage-a",
            "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'stviggotech'), '2025-06-01').keys[0].value]"),
        ["app setting named like a secret"] = t => AddSetting(t, "Oidc__ClientSecret", "not-so-secret"),
        ["app secret stored as a value"] = t => Set(t, "Microsoft.App/containerApps", p => p["configuration"]!["secrets"] = new JsonArray(
            new JsonObject { ["name"] = "db-password", ["value"] = "hunter2" })),
        ["registry pulled with a password"] = t => Set(t, "Microsoft.App/containerApps", p => p["configuration"]!["registries"] = new JsonArray(
            new JsonObject { ["server"] = "cr.azurecr.io", ["username"] = "cr", ["passwordSecretRef"] = "registry-password" })),
        ["owner role granted"] = t => Set(t, "Microsoft.Authorization/roleAssignments", p =>
            p["roleDefinitionId"] = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]"),
        ["role granted on the resource group"] = t => Each(t, "Microsoft.Authorization/roleAssignments", r => r.Remove("scope")),
        ["region hard-coded"] = t => Each(t, "Microsoft.Storage/storageAccounts", r => r["location"] = "westeurope"),
        ["secondary region has a default"] = t => t["parameters"]!["secondaryLocation"]!["defaultValue"] = "northeurope",
        ["front door probes the root page"] = t => Set(t, "Microsoft.Cdn/profiles/originGroups", p => p["healthProbeSettings"] = new JsonObject
        {
            ["probePath"] = "/",
            ["probeProtocol"] = "Https",
            ["probeRequestType"] = "GET",
            ["probeIntervalInSeconds"] = 30,
        }),
        ["worker schedules in both regions"] = t => Each(t, "Microsoft.Resources/deployments", r =>
        {
            if (r["properties"]?["parameters"]?["schedulesEnabled"] is JsonObject schedules)
            {
                schedules["value"] = true;
            }
        }),
    };

    private static void Each(JsonObject template, string type, Action<JsonObject> change)
    {
        foreach (var declared in ArmDeployment.Templates(template).SelectMany(ArmDeployment.Declared).ToArray())
        {
            if (string.Equals(declared.Resource["type"]?.ToString(), type, StringComparison.OrdinalIgnoreCase))
            {
                change(declared.Resource);
            }
        }
    }

    private static void Set(JsonObject template, string type, Action<JsonObject> change) =>
        Each(template, type, r =>
        {
            if (r["properties"] is JsonObject properties)
            {
                change(properties);
            }
        });

    private static void AddSetting(JsonObject template, string name, string value) =>
        Each(template, "Microsoft.Resources/deployments", r =>
        {
            if (r["properties"]?["parameters"]?["settings"]?["value"] is JsonArray settings)
            {
                settings.Add(new JsonObject { ["name"] = name, ["value"] = value });
            }
        });
}
