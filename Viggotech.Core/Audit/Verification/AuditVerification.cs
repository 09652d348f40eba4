namespace Viggotech.Core.Audit.Verification;

/// <summary>What verifying a bundle found; everything a report needs.</summary>
public sealed record AuditVerification(
    AuditVerdict Verdict,
    AuditProblem? Problem,
    string? Tenant,
    AuditKeySource KeySource,
    int Keys,
    long Events,
    long Seals,
    long? FirstSequence,
    long? LastSequence,
    long PrunedThrough,
    long SealedThrough,
    DateTimeOffset? LastSealedAt,
    AuditHash? LastSealHash)
{
    public bool IsValid => Verdict == AuditVerdict.Valid;

    /// <summary>Events after the last seal: chained, but no signature covers them yet.</summary>
    public long UnsealedEvents => LastSequence is { } last && last > SealedThrough ? last - SealedThrough : 0;

    public static AuditVerification Unusable(AuditProblem problem, string? tenant = null) =>
        new(AuditVerdict.Unusable, problem, tenant, AuditKeySource.Bundle, 0, 0, 0, null, null, 0, 0, null, null);
}
