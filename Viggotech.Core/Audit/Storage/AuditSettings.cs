using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

/// <summary>A tenant's audit settings (<c>audit_settings</c>); a tenant without a row has the defaults.</summary>
public sealed class AuditSettings : ITenantOwned
{
    public Guid TenantId { get; set; }

    public int RetentionDays { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
