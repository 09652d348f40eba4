using System.Text.Json.Nodes;

namespace Viggotech.Infra.Tests.Bicep;

/// <summary>
/// Builds and lints every Bicep file under infra/ once per test run (one <c>bicep build</c> and one
/// <c>bicep lint</c> over the whole folder) and hands the ARM JSON to the tests.
/// </summary>
public sealed class BicepCompilation : IAsyncLifetime
{
    private const string Pattern = "**/*.bicep";

    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), $"viggotech-infra-{Guid.NewGuid():N}");

    public IReadOnlyList<string> SourceFiles { get; } = Directory
        .EnumerateFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(RepositoryPaths.Infra, f))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public BicepCli.Result Build { get; private set; } = null!;

    public BicepCli.Result Lint { get; private set; } = null!;

    public SarifLog.Parsed LintLog { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(OutputDirectory);
        var build = BicepCli.RunAsync(RepositoryPaths.Infra, "build", "--pattern", Pattern, "--outdir", OutputDirectory);
        var lint = BicepCli.RunAsync(RepositoryPaths.Infra, "lint", "--pattern", Pattern, "--diagnostics-format", "sarif");
        Build = await build;
        Lint = await lint;
        LintLog = SarifLog.Parse(Lint.StandardOutput);
    }

    public string CompiledPath(string sourceFile) => Path.Combine(OutputDirectory, Path.ChangeExtension(sourceFile, ".json"));

    /// <summary>A fresh copy of a compiled template, free for the caller to change.</summary>
    public JsonObject Template(string sourceFile = "main.bicep") =>
        JsonNode.Parse(File.ReadAllText(CompiledPath(sourceFile)))!.AsObject();

    public Task DisposeAsync()
    {
        Directory.Delete(OutputDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepCompilation>
{
    public const string Name = "Bicep";
}
