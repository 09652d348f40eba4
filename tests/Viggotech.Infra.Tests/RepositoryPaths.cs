namespace Viggotech.Infra.Tests;

/// <summary>Locations in the repository, found from the test assembly upwards.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Viggotech.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Viggotech.sln above {AppContext.BaseDirectory}.");
    }
}
