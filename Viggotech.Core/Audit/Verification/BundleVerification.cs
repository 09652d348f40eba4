using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// The bundle-level rules around the chain check: a header first, keys right after it, and which
/// keys are trusted. Shared by the streaming and the typed verifier so both judge alike.
/// </summary>
internal sealed class BundleVerification(AuditVerifyOptions options) : IDisposable
{
    private readonly AuditKeySet embedded = new();
    private AuditChainVerifier? chain;
    private AuditProblem? unusable;
    private bool bodyStarted;

    public bool HasHeader => chain is not null;

    public bool IsSettled => unusable is not null || chain?.IsSettled == true;

    public void Start(AuditBundleHeader header)
    {
        var trusted = options.TrustedKeys;
        chain = new AuditChainVerifier(header.Tenant, trusted ?? embedded, trusted is null ? AuditKeySource.Bundle : AuditKeySource.Trusted);
    }

    /// <summary>Keys embedded in the bundle; ignored for trust when trusted keys were given, but still read so a broken line is noticed.</summary>
    public void Keys(IReadOnlyList<AuditPublicKey> keys, long line)
    {
        if (bodyStarted)
        {
            Fail(new AuditProblem(AuditProblemKind.MalformedRecord, Chain.NextSequence, line, "Keys must come right after the header."));
            return;
        }
        try
        {
            foreach (var key in keys)
            {
                embedded.Add(key);
            }
        }
        catch (AuditFormatException e)
        {
            Fail(new AuditProblem(AuditProblemKind.MalformedRecord, null, line, e.Message));
        }
    }

    /// <summary>The chain check, for events, seals, prune records and the trailer.</summary>
    public AuditChainVerifier Body()
    {
        bodyStarted = true;
        return Chain;
    }

    public void SecondHeader(long line) =>
        Fail(new AuditProblem(AuditProblemKind.MalformedRecord, Chain.NextSequence, line, "The bundle has a second header."));

    public void Fail(AuditProblem problem)
    {
        if (chain is null)
        {
            unusable ??= problem.Verdict == AuditVerdict.Unusable ? problem : problem with { Kind = AuditProblemKind.NotABundle };
        }
        else
        {
            chain.Fail(problem);
        }
    }

    public AuditVerification Complete() =>
        unusable is not null ? AuditVerification.Unusable(unusable)
        : chain?.Complete() ?? AuditVerification.Unusable(new AuditProblem(AuditProblemKind.NotABundle, null, null, "The input is empty."));

    private AuditChainVerifier Chain => chain ?? throw new InvalidOperationException("The bundle has not started.");

    public void Dispose() => embedded.Dispose();
}
