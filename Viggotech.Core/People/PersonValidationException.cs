namespace Viggotech.Core.People;

/// <summary>The input had field errors; the Api answers with a validation problem listing them.</summary>
public sealed class PersonValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The person's details are not valid: " + string.Join(", ", errors.Keys))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
