using Viggotech.Core.Audit.Webhooks;

namespace Viggotech.Core.Audit;

/// <summary>Settings of the audit trail's background work (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How often each tenant's new events are sealed.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often retention looks for whole sealed segments past each tenant's retention.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The Key Vault secret whose versions are the signing keys (PKCS#8 PEM, ECDSA P-256).</summary>
    public string SigningKeySecret { get; set; } = "audit-signing-key";

    /// <summary>A signing key older than this is replaced by a new version at the next sealing run.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(90);

    public AuditWebhookOptions Webhooks { get; set; } = new();
}
