namespace Viggotech.Core.Audit;

/// <summary>Input a tenant gave that the audit settings refuse, by field, ready for a problem details response.</summary>
public sealed class AuditValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static AuditValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
