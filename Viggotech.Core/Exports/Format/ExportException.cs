namespace Viggotech.Core.Exports.Format;

/// <summary>Why an encrypted export could not be opened or checked (docs/export-format.md).</summary>
public enum ExportProblem
{
    /// <summary>Not an export file, or a version or parameter this reader does not support: nothing was checked.</summary>
    Unreadable,

    /// <summary>The passphrase does not open it (or the header was altered, which looks the same).</summary>
    WrongPassphrase,

    /// <summary>A chunk failed authentication, the file was cut short or extended, or a file inside does not match the manifest.</summary>
    Tampered,
}

public sealed class ExportException(ExportProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public ExportProblem Problem { get; } = problem;
}
