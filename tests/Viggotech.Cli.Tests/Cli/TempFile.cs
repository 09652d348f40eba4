namespace Viggotech.Cli.Tests.Cli;

internal sealed class TempFile : IDisposable
{
    public TempFile(byte[] content, string extension = ".ndjson")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"viggotech-audit-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
