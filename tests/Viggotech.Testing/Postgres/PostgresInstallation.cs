namespace Viggotech.Testing.Postgres;

/// <summary>Where the PostgreSQL server binaries (initdb, postgres) are: Debian's layout, or VIGGOTECH_POSTGRES_BIN.</summary>
internal static class PostgresInstallation
{
    public static string BinDirectory { get; } = Find();

    public static string Tool(string name) => Path.Combine(BinDirectory, name);

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("VIGGOTECH_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                // Production runs 15: prefer it, then the newest present.
                .OrderByDescending(bin => bin.Contains("/15/", StringComparison.Ordinal))
                .ThenByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .ToList()
            : [];

        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries were not found under /usr/lib/postgresql; run scripts/prereqs.sh or set VIGGOTECH_POSTGRES_BIN.");
    }
}
