using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

internal sealed class StoredPruneRecordConfiguration : IEntityTypeConfiguration<StoredPruneRecord>
{
    public void Configure(EntityTypeBuilder<StoredPruneRecord> record)
    {
        record.ToTable("audit_prune_records", table =>
            table.HasCheckConstraint("ck_audit_prune_records_hashes", "octet_length(last_hash) = 32 and octet_length(seal_hash) = 32"));
        record.HasKey(x => new { x.TenantId, x.LastSeq });
        record.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
