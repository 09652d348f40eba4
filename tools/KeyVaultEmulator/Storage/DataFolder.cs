namespace Viggotech.KeyVaultEmulator.Storage;

/// <summary>
/// The emulator's data folder. Secrets are stored in clear text, so the folder and every file the
/// emulator writes are readable by the owner only.
/// </summary>
public sealed record DataFolder(string Root)
{
    public string Secrets => Path.Combine(Root, "secrets");

    public string Tls => Path.Combine(Root, "tls");

    public static DataFolder Resolve(string contentRoot, string dataPath) =>
        new(Path.GetFullPath(Path.Combine(contentRoot, dataPath)));

    public static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
