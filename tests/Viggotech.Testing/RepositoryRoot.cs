namespace Viggotech.Testing;

/// <summary>The checkout the tests run from, where <c>.tools/</c> and <c>.config/</c> hold the local servers.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Viggotech.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Viggotech.sln was not found above the test assembly.");
    }
}
