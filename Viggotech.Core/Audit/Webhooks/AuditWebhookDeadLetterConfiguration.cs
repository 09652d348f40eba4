using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Viggotech.Core.Audit.Webhooks;

internal sealed class AuditWebhookDeadLetterConfiguration : IEntityTypeConfiguration<AuditWebhookDeadLetter>
{
    public void Configure(EntityTypeBuilder<AuditWebhookDeadLetter> letter)
    {
        letter.ToTable("audit_webhook_dead_letters");
        letter.HasKey(x => new { x.TenantId, x.Id });
        letter.HasOne<AuditWebhook>().WithMany()
            .HasForeignKey(x => new { x.TenantId, x.WebhookId })
            .HasPrincipalKey(w => new { w.TenantId, w.Id })
            .OnDelete(DeleteBehavior.Cascade);
        letter.HasIndex(x => new { x.TenantId, x.WebhookId, x.FailedAt });
    }
}
