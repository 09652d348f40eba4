using System.Text.Json.Nodes;

namespace Viggotech.Infra.Tests.Bicep;

[Collection(BicepCollection.Name)]
public sealed class BicepBuildTests(BicepCompilation compilation)
{
    public static TheoryData<string> SourceFiles() => new(Directory
        .EnumerateFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(RepositoryPaths.Infra, f))
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void Bicep_file_compiles_to_an_arm_template(string sourceFile)
    {
        Assert.True(compilation.Build.ExitCode == 0, $"bicep build failed:\n{compilation.Build.StandardError}");
        var compiled = compilation.CompiledPath(sourceFile);
        Assert.True(File.Exists(compiled), $"{sourceFile} produced no ARM template");

        var template = JsonNode.Parse(File.ReadAllText(compiled))!.AsObject();
        Assert.EndsWith("DeploymentTemplate.json#", template["$schema"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Build_prints_no_warnings_or_errors()
    {
        Assert.Equal(0, compilation.Build.ExitCode);
        Assert.True(string.IsNullOrWhiteSpace(compilation.Build.StandardError), compilation.Build.StandardError);
    }

    [Fact]
    public void Main_template_deploys_at_subscription_scope_so_it_can_create_one_resource_group_per_region()
    {
        var schema = compilation.Template()["$schema"]!.GetValue<string>();
        Assert.Contains("subscriptionDeploymentTemplate.json", schema, StringComparison.Ordinal);
    }
}
