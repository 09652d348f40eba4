using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Viggotech.Core.Exports.Format;

namespace Viggotech.Cli.Tests.Support;

/// <summary>Encrypted exports built in memory, as the platform writes them, optionally with a manifest that lies.</summary>
internal static class SampleExport
{
    public const string Passphrase = "correct horse battery staple";
    public const int Iterations = 100_000;

    public static Dictionary<string, byte[]> Files(int documentBytes = 10_000) => new()
    {
        ["people.json"] = Encoding.UTF8.GetBytes("""[{"id":"0198c0de-0000-7000-8000-000000000001","name":"Ada"}]"""),
        ["documents.json"] = Encoding.UTF8.GetBytes("[]"),
        ["documents/0198c0de-0000-7000-8000-000000000002/report.pdf"] = RandomNumberGenerator.GetBytes(documentBytes),
        ["audit/audit-trail.ndjson"] = Encoding.UTF8.GetBytes("{}\n"),
    };

    public static byte[] Zip(IReadOnlyDictionary<string, byte[]> files, Func<ExportFile, ExportFile>? lie = null, IEnumerable<string>? listedOnly = null)
    {
        var listed = files.Select(f => new ExportFile(f.Key, f.Value.Length, Convert.ToHexStringLower(SHA256.HashData(f.Value))))
            .Select(f => lie?.Invoke(f) ?? f)
            .Concat((listedOnly ?? []).Select(path => new ExportFile(path, 0, Convert.ToHexStringLower(SHA256.HashData([])))))
            .ToList();
        var manifest = new ExportManifest(ExportManifest.FormatName, Guid.CreateVersion7(), "Sample tenant", DateTimeOffset.UtcNow,
            new ExportCounts(1, 1, 1), listed);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(content);
            }

            using var manifestEntry = zip.CreateEntry(ExportManifest.FileName).Open();
            JsonSerializer.Serialize(manifestEntry, manifest, ExportManifest.Json);
        }

        return buffer.ToArray();
    }

    public static byte[] Encrypt(byte[] plaintext, string passphrase = Passphrase, int chunkSize = 4096)
    {
        using var output = new MemoryStream();
        using (var encrypting = ExportEncryptingStream.Create(output, passphrase, Iterations, chunkSize))
        {
            encrypting.Write(plaintext);
            encrypting.CompleteAsync().GetAwaiter().GetResult();
        }

        return output.ToArray();
    }

    public static byte[] Create() => Encrypt(Zip(Files()));
}
