using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

internal sealed class BackupRecordConfiguration : IEntityTypeConfiguration<BackupRecord>
{
    public void Configure(EntityTypeBuilder<BackupRecord> backup)
    {
        backup.ToTable("backups", table =>
        {
            table.HasCheckConstraint("ck_backups_status", "status in ('requested', 'running', 'completed', 'failed', 'deleted')");
            table.HasCheckConstraint("ck_backups_trigger", "trigger in ('schedule', 'request')");
        });
        backup.HasKey(b => b.Id);
        backup.HasAlternateKey(b => new { b.TenantId, b.Id });
        backup.HasIndex(b => new { b.TenantId, b.Status, b.StartedAt });
        // One backup of a tenant at a time: a second request joins the one waiting or running.
        backup.HasIndex(b => b.TenantId).IsUnique().HasFilter("status in ('requested', 'running')").HasDatabaseName("ix_backups_in_progress");
        backup.Property(b => b.RequestedAt).HasDefaultValueSql("now()");
        backup.Property(b => b.KekVersion).HasMaxLength(64);
        backup.Property(b => b.SchemaVersion).HasMaxLength(150);
        backup.Property(b => b.Sha256).HasMaxLength(64);
        backup.Property(b => b.Error).HasMaxLength(1000);
        backup.Property(b => b.Status)
            .HasConversion(status => status.ToString().ToLowerInvariant(), text => Enum.Parse<BackupStatus>(text, true));
        backup.Property(b => b.Trigger)
            .HasConversion(trigger => trigger.ToString().ToLowerInvariant(), text => Enum.Parse<BackupTrigger>(text, true));
        backup.HasOne<Tenant>().WithMany().HasForeignKey(b => b.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
