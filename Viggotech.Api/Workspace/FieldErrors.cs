namespace Viggotech.Api.Workspace;

/// <summary>Field errors keyed as the JSON bodies spell the fields (camelCase), so clients can match them.</summary>
internal static class FieldErrors
{
    public static Dictionary<string, string[]> CamelCase(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key.Length == 0 ? e.Key : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => e.Value);

    public static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };
}
