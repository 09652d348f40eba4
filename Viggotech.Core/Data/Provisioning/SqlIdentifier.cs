namespace Viggotech.Core.Data.Provisioning;

internal static class SqlIdentifier
{
    /// <summary>Quotes a role or database name for DDL, where parameters cannot stand.</summary>
    public static string Quote(string identifier) =>
        identifier.Contains('\0', StringComparison.Ordinal)
            ? throw new ArgumentException("An identifier cannot contain NUL.", nameof(identifier))
            : $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
