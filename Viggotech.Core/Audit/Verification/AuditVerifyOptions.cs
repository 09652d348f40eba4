using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Verification;

public sealed record AuditVerifyOptions
{
    /// <summary>
    /// The keys to trust, obtained apart from the bundle (the published JWKS). When null, the keys
    /// embedded in the bundle are used, which proves consistency but not origin.
    /// </summary>
    public AuditKeySet? TrustedKeys { get; init; }

    /// <summary>Called on the verifying thread now and then with the number of lines read so far.</summary>
    public Action<long>? Progress { get; init; }
}
