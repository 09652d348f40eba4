namespace Viggotech.Core.Audit.Sealing;

/// <summary>A seal with its ES256 signature (IEEE P1363: r ‖ s, 64 bytes) over its canonical JSON.</summary>
public sealed record SignedAuditSeal(AuditSeal Seal, byte[] Signature);
