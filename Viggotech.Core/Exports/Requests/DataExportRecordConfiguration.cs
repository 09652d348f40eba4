using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Exports.Requests;

internal sealed class DataExportRecordConfiguration : IEntityTypeConfiguration<DataExportRecord>
{
    public void Configure(EntityTypeBuilder<DataExportRecord> export)
    {
        export.ToTable("data_exports", table => table.HasCheckConstraint("ck_data_exports_status",
            "status in ('requested', 'building', 'ready', 'downloaded', 'expired', 'failed')"));
        export.HasKey(e => e.Id);
        export.HasIndex(e => new { e.TenantId, e.RequestedAt });
        export.Property(e => e.RequestedBy).HasMaxLength(100);
        export.Property(e => e.Step).HasMaxLength(50);
        export.Property(e => e.Error).HasMaxLength(1000);
        export.Property(e => e.Status)
            .HasConversion(status => status.ToString().ToLowerInvariant(), text => Enum.Parse<DataExportStatus>(text, true));
        export.Property(e => e.KeySalt).HasMaxLength(16);
        export.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
