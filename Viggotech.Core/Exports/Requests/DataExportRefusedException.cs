namespace Viggotech.Core.Exports.Requests;

/// <summary>An export request refused for the organisation's state: one is already in progress, or too many were asked for.</summary>
public sealed class DataExportRefusedException(string message, bool tooMany) : Exception(message)
{
    /// <summary>True when the daily number of exports was reached (429), false when one is already in progress (409).</summary>
    public bool TooMany { get; } = tooMany;
}
