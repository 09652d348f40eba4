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

    /// <summary>Judges one typed record in bundle order.</summary>
    public void Accept(AuditBundleRecord record)
    {
        if (!HasHeader)
        {
            if (record is BundleHeaderRecord header)
            {
                Start(header.Header);
            }
            else
            {
                Fail(new AuditProblem(AuditProblemKind.NotABundle, null, record.Line, "The first line is not a bundle header."));
            }
            return;
        }
        switch (record)
        {
            case BundleHeaderRecord:
                SecondHeader(record.Line);
                break;
            case BundleKeysRecord keys:
                Keys(keys.Keys, keys.Line);
                break;
            case BundleEventRecord { Event: var e } line:
                var verifier = Body();
                verifier.Accept(new ObservedEvent(e.Sequence, e.Previous, e.Hash, AuditChain.Hash(e.Sequence, e.Previous, e.Event),
                    e.Event.Tenant == verifier.Tenant, line.Line));
                break;
            case BundleSealRecord seal:
                Body().Accept(seal.Seal, seal.Line);
                break;
            case BundlePruneRecord pruned:
                Body().Accept(pruned.Pruned, pruned.Line);
                break;
            case BundleTrailerRecord trailer:
                Body().Accept(trailer.Trailer, trailer.Line);
                break;
        }
    }

    private void SecondHeader(long line) =>
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
