namespace Viggotech.Infra.Tests.Azd;

/// <summary>The azure.yaml checks must fail on files that break azd's rules.</summary>
public sealed class AzureYamlViolationTests
{
    private const string Valid = """
        name: viggotech
        infra:
          provider: bicep
          path: infra
        services:
          api-a:
            project: ./Viggotech.Api
            language: dotnet
            host: containerapp
        """;

    [Fact]
    public void A_valid_file_has_no_violations()
    {
        Assert.Empty(AzdProject.Parse(Valid, RepositoryPaths.Root).Violations());
    }

    [Theory]
    [InlineData("name: viggotech", "name: Viggotech_App", "name 'Viggotech_App' must match")]
    [InlineData("name: viggotech", "name: viggotech-", "name 'viggotech-' must match")]
    [InlineData("    host: containerapp", "    host: containerapp\n    image: nginx:latest", "exactly one of project or image")]
    [InlineData("    project: ./Viggotech.Api\n", "", "exactly one of project or image")]
    [InlineData("    host: containerapp", "", "service api-a has no host")]
    [InlineData("./Viggotech.Api", "./Viggotech.Missing", "project path ./Viggotech.Missing does not exist")]
    [InlineData("./Viggotech.Api", "./infra", "holds no .csproj")]
    [InlineData("provider: bicep", "provider: terraform", "infra.provider is 'terraform'")]
    [InlineData("path: infra", "path: infrastructure", "infra.path 'infrastructure' holds no main.bicep")]
    public void Checks_report_a_file_that_breaks_the_rules(string original, string replacement, string expected)
    {
        var yaml = Valid.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var violations = AzdProject.Parse(yaml, RepositoryPaths.Root).Violations();

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }
}
