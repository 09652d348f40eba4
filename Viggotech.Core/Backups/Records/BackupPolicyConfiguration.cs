using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

internal sealed class BackupPolicyConfiguration : IEntityTypeConfiguration<BackupPolicy>
{
    public void Configure(EntityTypeBuilder<BackupPolicy> policy)
    {
        policy.ToTable("backup_policies", table =>
        {
            // At least one daily backup: a policy can never expire the backup just taken.
            table.HasCheckConstraint("ck_backup_policies_daily", "daily_backups between 1 and 3660");
            table.HasCheckConstraint("ck_backup_policies_monthly", "monthly_backups between 0 and 120");
        });
        policy.HasKey(p => p.TenantId);
        policy.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        policy.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
