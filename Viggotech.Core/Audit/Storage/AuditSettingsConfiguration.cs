using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

internal sealed class AuditSettingsConfiguration : IEntityTypeConfiguration<AuditSettings>
{
    public void Configure(EntityTypeBuilder<AuditSettings> settings)
    {
        settings.ToTable("audit_settings", table => table.HasCheckConstraint("ck_audit_settings_retention_days",
            $"retention_days between {AuditRetentionPeriod.MinimumDays} and {AuditRetentionPeriod.MaximumDays}"));
        settings.HasKey(x => x.TenantId);
        settings.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
