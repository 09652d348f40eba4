using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Webhooks;

internal sealed class AuditWebhookConfiguration : IEntityTypeConfiguration<AuditWebhook>
{
    public void Configure(EntityTypeBuilder<AuditWebhook> webhook)
    {
        webhook.ToTable("audit_webhooks", table =>
        {
            table.HasCheckConstraint("ck_audit_webhooks_url", "url ~ '^https?://' and length(url) <= 2000");
            table.HasCheckConstraint("ck_audit_webhooks_delivery", "delivered_through >= 0 and failures >= 0");
        });
        webhook.HasKey(x => new { x.TenantId, x.Id });
        webhook.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        webhook.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
