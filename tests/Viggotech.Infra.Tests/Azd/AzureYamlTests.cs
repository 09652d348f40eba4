using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Viggotech.Infra.Tests.Arm;
using Viggotech.Infra.Tests.Bicep;

namespace Viggotech.Infra.Tests.Azd;

[Collection(BicepCollection.Name)]
public sealed partial class AzureYamlTests(BicepCompilation compilation)
{
    private readonly AzdProject project = AzdProject.Load(RepositoryPaths.AzureYaml);

    [Fact]
    public void Azure_yaml_follows_the_azd_schema_rules()
    {
        var violations = project.Violations().ToArray();
        Assert.True(violations.Length == 0, string.Join('\n', violations));
    }

    [Fact]
    public void Api_web_and_worker_deploy_to_both_regions_as_container_apps()
    {
        var services = project.Services;
        foreach (var app in new[] { "Api", "Web", "Worker" })
        {
            var targets = services.Where(s => AzdProject.Scalar(s.Value, "project") == $"./Viggotech.{app}").ToArray();
            Assert.Equal(2, targets.Length);
            Assert.All(targets, s => Assert.Equal("containerapp", AzdProject.Scalar(s.Value, "host")));
            Assert.Single(targets, s => AzdProject.Scalar(s.Value, "resourceGroup") == "${AZURE_SECONDARY_RESOURCE_GROUP}");
        }

        var outputs = compilation.Template()["outputs"]!.AsObject();
        Assert.True(outputs.ContainsKey("AZURE_SECONDARY_RESOURCE_GROUP"), "main.bicep must output the secondary resource group for azd");
        Assert.True(outputs.ContainsKey("AZURE_CONTAINER_REGISTRY_ENDPOINT"), "main.bicep must output the registry azd pushes to");
    }

    [Fact]
    public void Every_azd_service_has_exactly_one_container_app_tagged_for_it()
    {
        var tagged = ArmDeployment.Flatten(compilation.Template())
            .Where(r => r.Is("Microsoft.App/containerApps"))
            .Select(r => ServiceTag().Match(r.Definition["tags"]?.ToString() ?? ""))
            .Where(m => m.Success)
            .Select(m => m.Groups["service"].Value)
            .Order()
            .ToArray();

        Assert.Equal(project.Services.Keys.Order(), tagged);
    }

    [Fact]
    public void Parameters_file_supplies_every_required_parameter_and_nothing_else()
    {
        var declared = compilation.Template()["parameters"]!.AsObject();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")))!;
        var supplied = file["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.DoesNotContain(supplied, p => !declared.ContainsKey(p));
        Assert.DoesNotContain(declared, p => p.Value!["defaultValue"] is null && !supplied.Contains(p.Key));
        Assert.Equal("${AZURE_LOCATION}", file["parameters"]!["primaryLocation"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_SECONDARY_LOCATION}", file["parameters"]!["secondaryLocation"]!["value"]!.GetValue<string>());
    }

    [GeneratedRegex(@"'azd-service-name', '(?<service>[^']+)'|""azd-service-name"":\s*""(?<service>[^""]+)""")]
    private static partial Regex ServiceTag();
}
