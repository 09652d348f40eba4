using System.Text.RegularExpressions;

namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>
/// Key Vault's rule for secret names: 1 to 127 letters, digits and dashes, compared without regard
/// to case. The rule also keeps names safe to use as file names.
/// </summary>
public static partial class SecretName
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The form used as a dictionary key and file name, since Key Vault names ignore case.</summary>
    public static string Key(string name) => name.ToLowerInvariant();

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
