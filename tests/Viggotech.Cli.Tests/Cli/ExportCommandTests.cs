using System.IO.Compression;
using System.Text;
using Viggotech.Cli.Tests.Support;
using Viggotech.Core.Exports.Format;

namespace Viggotech.Cli.Tests.Cli;

public sealed class ExportCommandTests
{
    private const int RecordSize = 4096 + 16;
    private const int HeaderSize = 76;

    [Fact]
    public async Task A_valid_export_verifies_with_exit_0()
    {
        using var export = new TempFile(SampleExport.Create(), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase + "\n"), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Contains("VALID", output);
        Assert.Contains("files: 4, each matching its SHA-256", output);
    }

    [Fact]
    public async Task A_wrong_passphrase_exits_2_and_says_so()
    {
        using var export = new TempFile(SampleExport.Create(), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes("not the passphrase"), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Unusable, exitCode);
        Assert.Contains("passphrase is wrong", output);
    }

    [Fact]
    public async Task One_flipped_byte_in_a_chunk_exits_1_naming_the_chunk()
    {
        var bytes = SampleExport.Create();
        bytes[HeaderSize + RecordSize + 100] ^= 0x80;
        using var export = new TempFile(bytes, ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("Chunk 1 does not authenticate", output);
    }

    [Fact]
    public async Task An_export_cut_short_at_a_chunk_boundary_exits_1()
    {
        var bytes = SampleExport.Create();
        var whole = (bytes.Length - HeaderSize) / RecordSize;
        using var export = new TempFile(bytes[..(HeaderSize + (whole * RecordSize))], ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("cut short", output);
    }

    [Fact]
    public async Task Chunks_swapped_within_an_export_exit_1()
    {
        var bytes = SampleExport.Create();
        var first = bytes.AsSpan(HeaderSize, RecordSize).ToArray();
        bytes.AsSpan(HeaderSize + RecordSize, RecordSize).CopyTo(bytes.AsSpan(HeaderSize));
        first.CopyTo(bytes.AsSpan(HeaderSize + RecordSize));
        using var export = new TempFile(bytes, ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("Chunk 0 does not authenticate", output);
    }

    [Fact]
    public async Task A_file_that_does_not_match_the_manifest_exits_1_naming_it()
    {
        var zip = SampleExport.Zip(SampleExport.Files(), lie: f => f.Path == "people.json" ? f with { Sha256 = new string('0', 64) } : f);
        using var export = new TempFile(SampleExport.Encrypt(zip), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("\"people.json\" does not match its SHA-256", output);
    }

    [Fact]
    public async Task A_file_the_manifest_lists_but_the_export_lacks_exits_1()
    {
        var zip = SampleExport.Zip(SampleExport.Files(), listedOnly: ["documents/removed.pdf"]);
        using var export = new TempFile(SampleExport.Encrypt(zip), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("documents/removed.pdf", output);
    }

    [Fact]
    public async Task An_entry_whose_path_climbs_out_of_the_folder_exits_1()
    {
        var files = SampleExport.Files();
        files["../outside.txt"] = [1, 2, 3];
        using var export = new TempFile(SampleExport.Encrypt(SampleExport.Zip(files)), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("path that is not allowed", output);
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_exits_2()
    {
        using var export = new TempFile(Encoding.UTF8.GetBytes("PK this is a plain zip, not an export"), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "verify", export.Path, "--passphrase-file", passphrase.Path);

        Assert.Equal(ExitCodes.Unusable, exitCode);
        Assert.Contains("not a Viggotech export", output);
    }

    [Fact]
    public async Task Decrypt_writes_the_zip_with_every_file_when_the_export_is_valid()
    {
        var files = SampleExport.Files();
        using var export = new TempFile(SampleExport.Encrypt(SampleExport.Zip(files)), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");
        var zipPath = Path.Combine(Path.GetTempPath(), $"viggotech-export-{Guid.NewGuid():N}.zip");
        try
        {
            var (exitCode, output) = await CliRun.InProcessAsync("export", "decrypt", export.Path, "--passphrase-file", passphrase.Path, "--out", zipPath);

            Assert.Equal(ExitCodes.Valid, exitCode);
            Assert.Contains("written:", output);
            using var zip = ZipFile.OpenRead(zipPath);
            foreach (var (path, content) in files)
            {
                using var entry = zip.GetEntry(path)!.Open();
                using var copy = new MemoryStream();
                await entry.CopyToAsync(copy);
                Assert.Equal(content, copy.ToArray());
            }
        }
        finally
        {
            File.Delete(zipPath);
        }
    }

    [Fact]
    public async Task Decrypt_of_a_tampered_export_writes_nothing_and_exits_1()
    {
        var bytes = SampleExport.Create();
        bytes[^5] ^= 0x01;
        using var export = new TempFile(bytes, ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");
        var folder = Directory.CreateTempSubdirectory("viggotech-decrypt-").FullName;
        try
        {
            var (exitCode, _) = await CliRun.InProcessAsync("export", "decrypt", export.Path, "--passphrase-file", passphrase.Path, "--out", Path.Combine(folder, "export.zip"));

            Assert.Equal(ExitCodes.Invalid, exitCode);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Decrypt_never_overwrites_an_existing_file()
    {
        using var export = new TempFile(SampleExport.Create(), ".vgtexport");
        using var passphrase = new TempFile(Encoding.UTF8.GetBytes(SampleExport.Passphrase), ".txt");
        using var existing = new TempFile([42], ".zip");

        var (exitCode, output) = await CliRun.InProcessAsync("export", "decrypt", export.Path, "--passphrase-file", passphrase.Path, "--out", existing.Path);

        Assert.Equal(ExitCodes.Unusable, exitCode);
        Assert.Contains("already exists", output);
        Assert.Equal([42], await File.ReadAllBytesAsync(existing.Path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(3 * 4096)]
    [InlineData(3 * 4096 + 1)]
    public async Task Any_length_round_trips_including_exact_multiples_of_the_chunk_size(int length)
    {
        var plaintext = new byte[length];
        Random.Shared.NextBytes(plaintext);
        var encrypted = SampleExport.Encrypt(plaintext);

        using var decrypted = new MemoryStream();
        await ExportDecryption.DecryptAsync(new MemoryStream(encrypted), decrypted, SampleExport.Passphrase);

        Assert.Equal(plaintext, decrypted.ToArray());
        // And one byte less is always noticed.
        var error = await Assert.ThrowsAsync<ExportException>(() => ExportDecryption.DecryptAsync(new MemoryStream(encrypted[..^1]), Stream.Null, SampleExport.Passphrase));
        Assert.Equal(ExportProblem.Tampered, error.Problem);
    }
}
