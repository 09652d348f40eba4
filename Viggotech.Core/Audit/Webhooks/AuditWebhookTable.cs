using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>The webhook secret is encrypted under the tenant's data key, bound to its row, and kept on the current key by rotation.</summary>
public static class AuditWebhookTable
{
    public const string Name = "audit_webhooks";

    public static EncryptedColumn Secret { get; } = new(Name, "secret", FieldClassification.Sensitive);

    public static EncryptedTable Descriptor { get; } = new(Name, "id", Secret);
}
