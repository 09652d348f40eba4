namespace Viggotech.Core.Crypto.Documents;

/// <summary>The content went past the allowed size; encryption stopped there and nothing was kept.</summary>
public sealed class DocumentTooLargeException(long limit)
    : Exception($"The document is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
