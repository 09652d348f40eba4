using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Drills;

internal sealed class DrillReportConfiguration : IEntityTypeConfiguration<DrillReport>
{
    public void Configure(EntityTypeBuilder<DrillReport> report)
    {
        report.ToTable("drill_reports", PlatformSchema.Name, table =>
            table.HasCheckConstraint("ck_drill_reports_kind", "kind in ('planned', 'crash')"));
        report.HasKey(r => r.Id);
        report.Property(r => r.Steps).HasColumnType("jsonb");
        report.HasIndex(r => r.StartedAt);
    }
}
