namespace Viggotech.Core.Exports.Requests;

/// <summary>The request's fields, with a message per field, for a validation problem.</summary>
public sealed class DataExportValidationException(IReadOnlyDictionary<string, string[]> errors) : Exception("The export request is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
