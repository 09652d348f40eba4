namespace Viggotech.Core.Audit;

/// <summary>
/// One security-relevant action, before it is placed in its tenant's chain. <see cref="Details"/>
/// is a small flat map of strings (numbers written as decimal text) so every value has one
/// canonical spelling.
/// </summary>
public sealed record AuditEvent(
    string Tenant,
    DateTimeOffset Time,
    AuditActor Actor,
    string Action,
    AuditTarget? Target,
    AuditResult Result,
    string? Ip = null,
    string? UserAgent = null,
    string? Session = null,
    string? Trace = null,
    IReadOnlyDictionary<string, string>? Details = null);
