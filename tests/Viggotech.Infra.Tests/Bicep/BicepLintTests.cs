using System.Text.Json.Nodes;

namespace Viggotech.Infra.Tests.Bicep;

[Collection(BicepCollection.Name)]
public sealed class BicepLintTests(BicepCompilation compilation)
{
    // Rules that Bicep enables by default; the config must keep each at warning or error.
    private static readonly string[] DefaultRules =
    [
        "adminusername-should-not-be-literal", "artifacts-parameters", "decompiler-cleanup", "max-outputs",
        "max-params", "max-resources", "max-variables", "nested-deployment-template-scoping",
        "no-conflicting-metadata", "no-deployments-resources", "no-hardcoded-env-urls", "no-unnecessary-dependson",
        "no-unused-existing-resources", "no-unused-params", "no-unused-vars", "outputs-should-not-contain-secrets",
        "prefer-interpolation", "prefer-unquoted-property-names", "protect-commandtoexecute-secrets",
        "secure-parameter-default", "secure-params-in-nested-deploy", "secure-secrets-in-params",
        "simplify-interpolation", "simplify-json-null", "use-parent-property", "use-resource-id-functions",
        "use-resource-symbol-reference", "use-safe-access", "use-secure-value-for-secure-inputs",
        "use-stable-resource-identifiers", "what-if-short-circuiting",
    ];

    [Fact]
    public void Every_bicep_file_passes_lint_with_no_warnings()
    {
        Assert.True(compilation.Lint.ExitCode == 0, $"bicep lint failed:\n{compilation.Lint.StandardError}");
        Assert.Equal(compilation.SourceFiles.Count, compilation.LintLog.RunCount);
        Assert.True(compilation.LintLog.Findings.Count == 0, string.Join('\n', compilation.LintLog.Findings));
    }

    [Fact]
    public void Lint_configuration_keeps_the_default_rules_at_warning_or_error()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json")))!;
        var core = config["analyzers"]!["core"]!;
        Assert.True(core["enabled"]!.GetValue<bool>());

        var rules = core["rules"]!.AsObject();
        var weak = rules
            .Where(r => r.Value!["level"]!.GetValue<string>() is not ("warning" or "error"))
            .Select(r => r.Key)
            .ToArray();
        Assert.True(weak.Length == 0, $"rules below warning: {string.Join(", ", weak)}");
        Assert.All(DefaultRules, rule => Assert.True(rules.ContainsKey(rule), $"bicepconfig.json does not set {rule}"));
    }

    [Fact]
    public async Task Lint_reports_a_file_that_breaks_the_rules()
    {
        var folder = Directory.CreateTempSubdirectory("viggotech-lint-");
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"), Path.Combine(folder.FullName, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "careless.bicep"), """
                param unused string

                resource store 'Microsoft.Storage/storageAccounts@2025-06-01' = {
                  name: 'carelessstore'
                  location: 'westeurope'
                  kind: 'StorageV2'
                  sku: {
                    name: 'Standard_LRS'
                  }
                }
                """);

            var lint = await BicepCli.RunAsync(folder.FullName, "lint", "careless.bicep", "--diagnostics-format", "sarif");
            var rules = SarifLog.Parse(lint.StandardOutput).Findings.Select(f => f.RuleId).ToArray();

            Assert.Contains("no-unused-params", rules);
            Assert.Contains("no-hardcoded-location", rules);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
