namespace Viggotech.Core.Audit.Verification;

public enum AuditVerdict
{
    /// <summary>The chain, its seals and the bundle's continuity all check out.</summary>
    Valid,

    /// <summary>The bundle was read and something in it was changed, removed, added or reordered.</summary>
    Invalid,

    /// <summary>The input could not be judged: not a bundle, not JSON, or unreadable.</summary>
    Unusable,
}
