using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

internal sealed class BackupVerificationRecordConfiguration : IEntityTypeConfiguration<BackupVerificationRecord>
{
    public void Configure(EntityTypeBuilder<BackupVerificationRecord> verification)
    {
        verification.ToTable("backup_verifications");
        verification.HasKey(v => v.Id);
        verification.HasIndex(v => new { v.TenantId, v.FinishedAt });
        verification.HasIndex(v => new { v.TenantId, v.BackupId });
        verification.Property(v => v.Problem).HasMaxLength(1000);
        verification.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Restrict);
        verification.HasOne<BackupRecord>().WithMany().HasForeignKey(v => new { v.TenantId, v.BackupId })
            .HasPrincipalKey(b => new { b.TenantId, b.Id }).OnDelete(DeleteBehavior.Restrict);
    }
}
