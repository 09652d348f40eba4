namespace Viggotech.Core.Audit.Recording;

/// <summary>The spellings of enum values in the queryable columns: the same as in the canonical JSON.</summary>
public static class AuditEventColumns
{
    public static string ActorType(AuditActorType type) => type switch
    {
        AuditActorType.User => "user",
        AuditActorType.App => "app",
        AuditActorType.Operator => "operator",
        AuditActorType.System => "system",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Result(AuditResult result) => result switch
    {
        AuditResult.Success => "success",
        AuditResult.Failure => "failure",
        AuditResult.Denied => "denied",
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };
}
