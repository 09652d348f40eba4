namespace Viggotech.Core.Audit;

/// <summary>How the action ended. Written in the format as the lowercase name.</summary>
public enum AuditResult
{
    Success,

    /// <summary>Attempted and failed (wrong password, validation error).</summary>
    Failure,

    /// <summary>Refused by authorization or policy (missing permission, IP not allowed).</summary>
    Denied,
}
