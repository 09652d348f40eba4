namespace Viggotech.Core.Audit;

/// <summary>What the action was done to, e.g. ("user", id) or ("document", id).</summary>
public sealed record AuditTarget(string Type, string Id);
