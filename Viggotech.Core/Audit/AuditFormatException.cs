namespace Viggotech.Core.Audit;

/// <summary>Audit JSON that is well-formed but does not follow the audit format.</summary>
public sealed class AuditFormatException(string message) : FormatException(message);
