namespace Viggotech.Core.Documents;

/// <summary>A document and its plaintext content as a stream, which the caller disposes.</summary>
public sealed record DocumentDownload(DocumentInfo Info, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
