using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Viggotech.Core.Exports.Format;

/// <summary>What checking an export found: its manifest, once every entry matched it.</summary>
public sealed record ExportCheck(ExportManifest Manifest, long PlaintextSize);

/// <summary>
/// Checks a decrypted export's ZIP against its manifest: every listed entry present with its size
/// and SHA-256, no entry that is not listed, no path that could escape a folder when extracted.
/// </summary>
public static class ExportArchiveCheck
{
    /// <exception cref="ExportException">An entry is missing, extra, or does not match the manifest.</exception>
    public static async Task<ExportManifest> CheckAsync(Stream zip, CancellationToken cancellationToken = default)
    {
        ExportManifest manifest;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            var manifestEntry = archive.GetEntry(ExportManifest.FileName)
                ?? throw new ExportException(ExportProblem.Tampered, "The export has no manifest.json.");
            await using (var manifestStream = manifestEntry.Open())
            {
                manifest = await JsonSerializer.DeserializeAsync<ExportManifest>(manifestStream, ExportManifest.Json, cancellationToken)
                    ?? throw new ExportException(ExportProblem.Tampered, "The export's manifest is empty.");
            }

            if (manifest.Format != ExportManifest.FormatName)
            {
                throw new ExportException(ExportProblem.Unreadable, $"Export content format \"{manifest.Format}\" is not supported by this tool.");
            }

            var listed = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName == ExportManifest.FileName)
                {
                    continue;
                }

                if (!IsSafePath(entry.FullName))
                {
                    throw new ExportException(ExportProblem.Tampered, $"The entry \"{entry.FullName}\" has a path that is not allowed.");
                }

                if (!listed.Remove(entry.FullName, out var file))
                {
                    throw new ExportException(ExportProblem.Tampered, $"The entry \"{entry.FullName}\" is not in the manifest.");
                }

                await using var content = entry.Open();
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                long size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer.AsSpan(0, read));
                    size += read;
                }

                if (size != file.Size || Convert.ToHexStringLower(hash.GetCurrentHash()) != file.Sha256)
                {
                    throw new ExportException(ExportProblem.Tampered, $"The entry \"{entry.FullName}\" does not match its SHA-256 in the manifest.");
                }
            }

            if (listed.Count > 0)
            {
                throw new ExportException(ExportProblem.Tampered, $"The manifest lists \"{listed.Keys.First()}\", which the export does not hold.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw new ExportException(ExportProblem.Tampered, $"The export's ZIP or manifest is damaged: {e.Message}", e);
        }

        return manifest;
    }

    /// <summary>Relative, forward slashes, no "..", no drive or root: safe to extract under any folder.</summary>
    public static bool IsSafePath(string path) =>
        path.Length is > 0 and <= 512 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains(':', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != ".." && !segment.Any(char.IsControl));
}
