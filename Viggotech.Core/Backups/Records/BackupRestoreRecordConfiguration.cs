using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

internal sealed class BackupRestoreRecordConfiguration : IEntityTypeConfiguration<BackupRestoreRecord>
{
    public void Configure(EntityTypeBuilder<BackupRestoreRecord> restore)
    {
        restore.ToTable("backup_restores", table => table.HasCheckConstraint("ck_backup_restores_mode", "mode in ('sandbox', 'inplace')"));
        restore.HasKey(r => r.Id);
        restore.HasIndex(r => new { r.TenantId, r.StartedAt });
        restore.Property(r => r.Operator).HasMaxLength(200);
        restore.Property(r => r.Reason).HasMaxLength(500);
        restore.Property(r => r.Error).HasMaxLength(1000);
        restore.Property(r => r.Mode)
            .HasConversion(mode => mode.ToString().ToLowerInvariant(), text => Enum.Parse<RestoreMode>(text, true));
        restore.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        restore.HasOne<BackupRecord>().WithMany().HasForeignKey(r => new { r.TenantId, r.BackupId })
            .HasPrincipalKey(b => new { b.TenantId, b.Id }).OnDelete(DeleteBehavior.Restrict);
    }
}
