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
    private const string SecretsUserRole = "4633458b-17de-408a-b874-0445c86b69e6";

    // The Api creates tenant keys and its cookie-key seal, the Worker rotates keys and (in its
    // migration step) creates the key that seals the portal's cookie keys.
    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public void An_app_that_creates_vault_secrets_is_a_secrets_officer_on_the_vault(string app)
    {
        var template = compilation.Template("modules/key-vault.bicep");

        Assert.Contains($"[parameters('identities').{app}.principalId]", Grantees(template, SecretsOfficerRole));
    }

    // A portal able to manage secrets could delete every tenant's key: it only reads.
    [Fact]
    public void The_portal_only_reads_vault_secrets()
    {
        var template = compilation.Template("modules/key-vault.bicep");
        const string web = "[parameters('identities').web.principalId]";

        Assert.DoesNotContain(web, Grantees(template, SecretsOfficerRole));
        Assert.Contains(web, Grantees(template, SecretsUserRole));
    }

    /// <summary>The principal id expressions granted <paramref name="roleId"/>, one per assignment, loops expanded.</summary>
    private static IEnumerable<string> Grantees(JsonObject template, string roleId)
    {
        var variables = template["variables"]?.AsObject() ?? [];
        foreach (var (_, assignment) in ArmDeployment.Declared(template).Where(d => d.Resource["type"]?.ToString() == "Microsoft.Authorization/roleAssignments"))
        {
            var role = Variable(variables, assignment["properties"]?["roleDefinitionId"]?.ToString());
            if (!role.Contains(roleId, StringComparison.OrdinalIgnoreCase))
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
