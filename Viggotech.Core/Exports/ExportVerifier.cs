using Viggotech.Core.Exports.Format;

namespace Viggotech.Core.Exports;

/// <summary>
/// Verifies an encrypted export offline, as <c>viggotech export verify</c> does: the passphrase,
/// every chunk's authentication, then every entry of the ZIP against the manifest. The plaintext
/// goes to a temporary file that is deleted when the check ends (a ZIP is read from its end).
/// </summary>
public static class ExportVerifier
{
    /// <exception cref="ExportException">Naming what is wrong.</exception>
    public static async Task<ExportCheck> VerifyAsync(Stream encrypted, string passphrase, CancellationToken cancellationToken = default)
    {
        await using var plaintext = TemporaryFile();
        var size = await ExportDecryption.DecryptAsync(encrypted, plaintext, passphrase, cancellationToken);
        plaintext.Position = 0;
        return new ExportCheck(await ExportArchiveCheck.CheckAsync(plaintext, cancellationToken), size);
    }

    /// <summary>Decrypts to <paramref name="zipPath"/> only if the whole export checks out; nothing is left behind otherwise.</summary>
    public static async Task<ExportCheck> DecryptToFileAsync(Stream encrypted, string passphrase, string zipPath, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(zipPath))!;
        var partial = Path.Combine(directory, $".{Path.GetFileName(zipPath)}.{Guid.NewGuid():N}.partial");
        try
        {
            long size;
            ExportManifest manifest;
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                size = await ExportDecryption.DecryptAsync(encrypted, output, passphrase, cancellationToken);
                output.Position = 0;
                manifest = await ExportArchiveCheck.CheckAsync(output, cancellationToken);
            }

            File.Move(partial, zipPath, overwrite: false);
            return new ExportCheck(manifest, size);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static FileStream TemporaryFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"viggotech-export-{Guid.NewGuid():N}.zip");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return stream;
    }
}
