using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Retention;

/// <summary>What one retention run removed for a tenant: events 1..<c>Record.Last</c> (<see cref="RemovedEvents"/> of them were still stored).</summary>
public sealed record AuditPruneOutcome(SignedAuditPruneRecord Pruned, long RemovedEvents);
