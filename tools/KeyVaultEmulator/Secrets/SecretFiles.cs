using System.Text.Json;
using Viggotech.KeyVaultEmulator.Storage;

namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>
/// One JSON file per secret (all versions and the deletion state together) under
/// <c>&lt;DataPath&gt;/secrets</c>. A lock file held for the process lifetime keeps a second
/// emulator from writing the same folder.
/// </summary>
public sealed class SecretFiles : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string folder;
    private readonly FileStream folderLock;

    public SecretFiles(DataFolder data)
    {
        folder = data.Secrets;
        DataFolder.CreateOwnerOnly(data.Root);
        DataFolder.CreateOwnerOnly(folder);
        folderLock = AcquireLock(Path.Combine(data.Root, "emulator.lock"));
    }

    public IEnumerable<StoredSecret> LoadAll()
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, "*" + AtomicFile.TemporarySuffix))
        {
            File.Delete(leftover);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            var secret = JsonSerializer.Deserialize<StoredSecret>(File.ReadAllBytes(file), Json)
                ?? throw new InvalidDataException($"The secret file '{file}' is empty.");
            yield return secret;
        }
    }

    public void Save(StoredSecret secret) =>
        AtomicFile.Write(PathOf(secret.Name), JsonSerializer.SerializeToUtf8Bytes(secret, Json));

    public void Remove(string name) => File.Delete(PathOf(name));

    public void Dispose() => folderLock.Dispose();

    private string PathOf(string name) => Path.Combine(folder, SecretName.Key(name) + ".json");

    private static FileStream AcquireLock(string path)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(path, options);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another Key Vault emulator is using the data folder '{Path.GetDirectoryName(path)}'.", e);
        }
    }
}
