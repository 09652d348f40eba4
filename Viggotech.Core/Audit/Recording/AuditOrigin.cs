namespace Viggotech.Core.Audit.Recording;

/// <summary>Who is acting and from where: the part of an event that comes from the request, not from the feature.</summary>
public sealed record AuditOrigin(AuditActor Actor, string? Ip = null, string? UserAgent = null, string? Session = null)
{
    /// <summary>The platform itself: scheduled jobs and anything not started by a request.</summary>
    public static AuditOrigin Platform { get; } = new(new AuditActor(AuditActorType.System, "platform"));
}
