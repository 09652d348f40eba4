namespace Viggotech.Core.Audit.Sealing;

/// <summary>A prune record with its ES256 signature (IEEE P1363) over its canonical JSON.</summary>
public sealed record SignedAuditPruneRecord(AuditPruneRecord Record, byte[] Signature);
