using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>One line of a bundle, read into its typed form. <see cref="Line"/> counts from 1.</summary>
public abstract record AuditBundleRecord(long Line);

public sealed record BundleHeaderRecord(long Line, AuditBundleHeader Header) : AuditBundleRecord(Line);

public sealed record BundleKeysRecord(long Line, IReadOnlyList<AuditPublicKey> Keys) : AuditBundleRecord(Line);

/// <summary>An event with the hash recorded beside it (checked by the verifier, not by the reader).</summary>
public sealed record BundleEventRecord(long Line, ChainedAuditEvent Event) : AuditBundleRecord(Line);

public sealed record BundleSealRecord(long Line, SignedAuditSeal Seal) : AuditBundleRecord(Line);

public sealed record BundlePruneRecord(long Line, SignedAuditPruneRecord Pruned) : AuditBundleRecord(Line);

public sealed record BundleTrailerRecord(long Line, AuditBundleTrailer Trailer) : AuditBundleRecord(Line);
