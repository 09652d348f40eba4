using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Viggotech.Infra.Tests.Arm;
using Viggotech.Infra.Tests.Bicep;

namespace Viggotech.Infra.Tests.Vault;

/// <summary>Which app identities may create secrets in the vault, read from the compiled key-vault module.</summary>
[Collection(BicepCollection.Name)]
public sealed partial class VaultAccessTests(BicepCompilation compilation)
{
    private const string SecretsOfficerRole = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    // The Api creates tenant keys and its cookie-key seal, the Worker rotates keys, and the portal
    // creates the key that seals its cookie keys (dataprotection-web-kek) on its first start.
    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    [InlineData("web")]
    public void An_app_that_creates_its_own_vault_secrets_is_a_secrets_officer_on_the_vault(string app)
    {
        var template = compilation.Template("modules/key-vault.bicep");

        Assert.Contains($"[parameters('identities').{app}.principalId]", SecretsOfficers(template));
    }

    /// <summary>The principal id expressions granted Secrets Officer, one per assignment, loops expanded.</summary>
    private static IEnumerable<string> SecretsOfficers(JsonObject template)
    {
        var variables = template["variables"]?.AsObject() ?? [];
        foreach (var (_, assignment) in ArmDeployment.Declared(template).Where(d => d.Resource["type"]?.ToString() == "Microsoft.Authorization/roleAssignments"))
        {
            var role = Variable(variables, assignment["properties"]?["roleDefinitionId"]?.ToString());
            if (!role.Contains(SecretsOfficerRole, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var principal = assignment["properties"]?["principalId"]?.ToString() ?? "";
            if (LoopItem().Match(principal) is { Success: true } item)
            {
                foreach (var grantee in variables[item.Groups["list"].Value]?.AsArray() ?? [])
                {
                    yield return grantee?["principalId"]?.ToString() ?? "";
                }
            }
            else
            {
                yield return principal;
            }
        }
    }

    private static string Variable(JsonObject variables, string? expression) =>
        expression is not null && WholeVariable().Match(expression) is { Success: true } v ? variables[v.Groups["name"].Value]?.ToString() ?? "" : expression ?? "";

    [GeneratedRegex(@"^\[variables\('(?<name>\w+)'\)\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"^\[variables\('(?<list>\w+)'\)\[copyIndex\(\)\]\.principalId\]$")]
    private static partial Regex LoopItem();
}
