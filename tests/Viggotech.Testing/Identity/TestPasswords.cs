using System.Security.Cryptography;

namespace Viggotech.Testing.Identity;

public static class TestPasswords
{
    private static readonly string[] Words =
    [
        "harbour", "violet", "granite", "lantern", "meadow", "copper", "thistle", "orbit", "saffron", "glacier",
        "pepper", "walnut", "falcon", "ember", "quartz", "willow", "cobalt", "juniper", "tundra", "marble",
    ];

    /// <summary>A fresh, strong passphrase (four random words and digits), different every call.</summary>
    public static string Strong() =>
        string.Join('-', Enumerable.Range(0, 4).Select(_ => Words[RandomNumberGenerator.GetInt32(Words.Length)]))
        + RandomNumberGenerator.GetInt32(100, 999);

    public static string Email(string label = "user") => $"{label}-{Guid.NewGuid():N}@example.test";
}
