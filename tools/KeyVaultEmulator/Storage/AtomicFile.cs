namespace Viggotech.KeyVaultEmulator.Storage;

/// <summary>
/// Writes whole files so that a reader or a crash sees either the old content or the new one,
/// never half of it: the bytes go to a temporary file in the same folder, are flushed to disk,
/// and the temporary file is renamed over the target.
/// </summary>
public static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, ReadOnlySpan<byte> content, bool ownerOnly = true)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ownerOnly ? OwnerOnly : OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
