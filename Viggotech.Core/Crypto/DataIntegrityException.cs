namespace Viggotech.Core.Crypto;

/// <summary>
/// An encrypted value or document failed authentication: it was altered, truncated, reordered,
/// or moved from another row, column, document or tenant. Nothing of it was returned. Callers
/// answer with a problem (never the data) and record a security event.
/// </summary>
public sealed class DataIntegrityException : Exception
{
    public DataIntegrityException(Guid tenantId, string target, Guid? rowId, IntegrityFailure failure, Exception? inner = null)
        : base(Describe(target, rowId, failure), inner)
    {
        TenantId = tenantId;
        Target = target;
        RowId = rowId;
        Failure = failure;
    }

    public Guid TenantId { get; }

    /// <summary>What failed, as <c>table.column</c> for a field or <c>documents.content</c> for a document.</summary>
    public string Target { get; }

    public Guid? RowId { get; }

    public IntegrityFailure Failure { get; }

    private static string Describe(string target, Guid? rowId, IntegrityFailure failure)
    {
        var where = rowId is { } id ? $"{target} of row {id}" : target;
        var why = failure switch
        {
            IntegrityFailure.AuthenticationFailed => "it was altered or does not belong to this row, column or tenant",
            IntegrityFailure.Malformed => "it is not in a known encrypted format",
            IntegrityFailure.UnknownKeyVersion => "it names a key version this tenant does not have",
            IntegrityFailure.Truncated => "it ends before its final chunk",
            IntegrityFailure.TrailingData => "data follows its final chunk",
            IntegrityFailure.KeyMismatch => "its key version differs from the one its record names",
            IntegrityFailure.Missing => "its stored content is missing",
            _ => failure.ToString(),
        };
        return $"Integrity check failed for {where}: {why}. Nothing was decrypted.";
    }
}
