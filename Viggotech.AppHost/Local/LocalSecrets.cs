using System.Security.Cryptography;
using System.Text.Json;

namespace Viggotech.AppHost.Local;

/// <summary>
/// Credentials for the local servers, generated on first run and kept beside the data they protect
/// (<c>.local/secrets.json</c>, readable by the owner only). Resetting the data resets them too.
/// </summary>
public sealed class LocalSecrets
{
    public string PostgresSuperuser { get; set; } = "";
    public string PostgresReplication { get; set; } = "";
    public string DatabaseOwner { get; set; } = "";
    public string DatabaseApp { get; set; } = "";
    public string DatabaseRestore { get; set; } = "";
    public string Redis { get; set; } = "";
    public string StorageRegionAKey { get; set; } = "";
    public string StorageRegionBKey { get; set; } = "";
    public string PkiPassword { get; set; } = "";
    public string PortalClientSecret { get; set; } = "";

    public static LocalSecrets LoadOrCreate(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, "secrets.json");
        var secrets = File.Exists(path)
            ? JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path)) ?? new LocalSecrets()
            : new LocalSecrets();

        var changed = false;
        string Fill(string current, Func<string> create)
        {
            if (current.Length > 0)
            {
                return current;
            }

            changed = true;
            return create();
        }

        secrets.PostgresSuperuser = Fill(secrets.PostgresSuperuser, Password);
        secrets.PostgresReplication = Fill(secrets.PostgresReplication, Password);
        secrets.DatabaseOwner = Fill(secrets.DatabaseOwner, Password);
        secrets.DatabaseApp = Fill(secrets.DatabaseApp, Password);
        secrets.DatabaseRestore = Fill(secrets.DatabaseRestore, Password);
        secrets.Redis = Fill(secrets.Redis, Password);
        secrets.StorageRegionAKey = Fill(secrets.StorageRegionAKey, StorageKey);
        secrets.StorageRegionBKey = Fill(secrets.StorageRegionBKey, StorageKey);
        secrets.PkiPassword = Fill(secrets.PkiPassword, Password);
        secrets.PortalClientSecret = Fill(secrets.PortalClientSecret, Password);

        if (changed)
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(secrets, new JsonSerializerOptions { WriteIndented = true }));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }

        return secrets;
    }

    // Hex keeps passwords safe inside connection strings, URLs and shell arguments without quoting.
    private static string Password() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string StorageKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
}
