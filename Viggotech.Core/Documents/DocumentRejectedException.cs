namespace Viggotech.Core.Documents;

/// <summary>An upload was refused for bad input (field errors keyed by property, <c>Content</c> for the bytes); nothing was stored.</summary>
public sealed class DocumentRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The document was not accepted: " + string.Join(", ", errors.Keys))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static DocumentRejectedException Content(string message) => new(new Dictionary<string, string[]> { ["Content"] = [message] });
}
