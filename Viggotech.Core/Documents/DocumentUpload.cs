namespace Viggotech.Core.Documents;

/// <summary>
/// What is uploaded besides the content; <see cref="Validate"/> gives field errors keyed by property
/// name. <see cref="Length"/> is the declared length (an upload's <c>Content-Length</c>), when known:
/// the content must then be exactly that long, and it lets the content go to storage in one request.
/// </summary>
public sealed record DocumentUpload(string Name, string ContentType, Guid? UploaderId = null, long? Length = null)
{
    public const int NameMaxLength = 255;
    public const int ContentTypeMaxLength = 127;

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(Name)] = ["Give the document a name."];
        }
        else if (name.Length > NameMaxLength || name.Any(char.IsControl) || name.Contains('/') || name.Contains('\\'))
        {
            errors[nameof(Name)] = [$"The name can be at most {NameMaxLength} characters, without slashes or control characters."];
        }

        if (!IsMediaType(ContentType))
        {
            errors[nameof(ContentType)] = ["The content type must look like type/subtype, for example application/pdf."];
        }

        return errors;
    }

    private static bool IsMediaType(string? value) =>
        value is { Length: > 2 and <= ContentTypeMaxLength }
        && value.Count(c => c == '/') == 1
        && value.Split('/') is [{ Length: > 0 } type, { Length: > 0 } subtype]
        && (type + subtype).All(c => char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '&' or '-' or '^' or '_' or '.' or '+');
}
