namespace Viggotech.Core.Audit.Verification;

public enum AuditKeySource
{
    /// <summary>
    /// The keys embedded in the bundle. This proves the bundle is consistent, not who signed it:
    /// whoever rewrites a bundle can embed their own key.
    /// </summary>
    Bundle,

    /// <summary>Keys the verifier was given separately (the published JWKS).</summary>
    Trusted,
}
