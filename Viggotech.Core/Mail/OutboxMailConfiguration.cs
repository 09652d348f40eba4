using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Mail;

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> mail)
    {
        mail.ToTable("mail_outbox", PlatformSchema.Name);
        mail.HasKey(m => m.Id);
        mail.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        mail.Property(m => m.NextAttemptAt).HasDefaultValueSql("now()");
        mail.Property(m => m.ToAddress).HasMaxLength(320);
        mail.Property(m => m.FromAddress).HasMaxLength(320);
        mail.Property(m => m.Subject).HasMaxLength(500);
        mail.Property(m => m.LastError).HasMaxLength(200);
        mail.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at is null and given_up_at is null").HasDatabaseName("ix_mail_outbox_due");
    }
}
