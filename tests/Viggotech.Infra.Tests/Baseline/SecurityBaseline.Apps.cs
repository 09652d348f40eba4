using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Viggotech.Infra.Tests.Arm;

namespace Viggotech.Infra.Tests.Baseline;

public sealed partial class SecurityBaseline
{
    /// <summary>No app setting holds a secret: no key, password, SAS or listKeys() value; secrets only as Key Vault references.</summary>
    public IEnumerable<string> AppSecrets()
    {
        foreach (var app in ContainerApps())
        {
            var configuration = app.Properties?["configuration"];
            foreach (var secret in configuration?["secrets"] as JsonArray ?? [])
            {
                if (secret?["value"] is not null || Text(secret?["keyVaultUrl"]) is null || Text(secret?["identity"]) is null)
                {
                    yield return $"{app}: secret {Text(secret?["name"])} must be a Key Vault reference read with the app identity, not a value";
                }
            }

            foreach (var registry in configuration?["registries"] as JsonArray ?? [])
            {
                if (registry?["passwordSecretRef"] is not null || Text(registry?["identity"]) is null)
                {
                    yield return $"{app}: registry {Text(registry?["server"])} must be pulled with the app identity, not a password";
                }
            }

            foreach (var (name, setting) in Settings(app))
            {
                if (setting?["secretRef"] is not null)
                {
                    continue;
                }

                var value = Text(setting?["value"]);
                if (value is null)
                {
                    yield return $"{app}: setting {name} has neither a readable value nor a secretRef";
                }
                else if (SecretValue().IsMatch(value))
                {
                    yield return $"{app}: setting {name} carries a secret in plain text: {value}";
                }
                else if (SecretName().IsMatch(name))
                {
                    yield return $"{app}: setting {name} looks like a secret but is a plain value";
                }
            }
        }
    }

    /// <summary>Each app runs as a user-assigned identity and is told its client id.</summary>
    public IEnumerable<string> AppIdentities()
    {
        var apps = ContainerApps();
        if (apps.Count == 0)
        {
            yield return "container apps: none are deployed";
        }

        foreach (var app in apps)
        {
            if (Text(app.Definition["identity"]?["type"]) != "UserAssigned")
            {
                yield return $"{app}: must run as a user-assigned identity";
            }

            if (!Settings(app).Any(s => s.Name == "AZURE_CLIENT_ID"))
            {
                yield return $"{app}: AZURE_CLIENT_ID is not set, so the SDKs cannot pick the identity";
            }
        }
    }

    private IReadOnlyList<DeployedResource> ContainerApps() => Of("Microsoft.App/containerApps");

    /// <summary>The environment variables of every container of an app. An unreadable env list counts as one unreadable setting.</summary>
    private static IEnumerable<(string Name, JsonNode? Setting)> Settings(DeployedResource app)
    {
        var template = app.Properties?["template"];
        var containers = (template?["containers"] as JsonArray ?? []).Concat(template?["initContainers"] as JsonArray ?? []);
        foreach (var container in containers)
        {
            switch (container?["env"])
            {
                case JsonArray env:
                    foreach (var setting in env)
                    {
                        yield return (Text(setting?["name"]) ?? "?", setting);
                    }

                    break;
                case null:
                    break;
                case var unreadable:
                    yield return ($"env of {Text(container["name"])}", new JsonObject { ["value"] = null, ["raw"] = unreadable.DeepClone() });
                    break;
            }
        }
    }

    [GeneratedRegex(@"(?ix) (password|pwd)\s*= | accountkey\s*= | sharedaccess(key|signature)\s*= | [?&]sig= | \blist[a-z]*\( | \.(primary|secondary)(key|connectionstring)\b | clientsecret\s*= | -----BEGIN ")]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"(?i)(password|secret|pwd|apikey|api_key|accountkey|accesskey|access_key|sas_?token)")]
    private static partial Regex SecretName();
}
