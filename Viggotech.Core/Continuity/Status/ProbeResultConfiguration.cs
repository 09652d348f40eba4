using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Status;

internal sealed class ProbeResultConfiguration : IEntityTypeConfiguration<ProbeResult>
{
    public void Configure(EntityTypeBuilder<ProbeResult> probe)
    {
        probe.ToTable("probe_results", PlatformSchema.Name);
        probe.HasKey(p => p.Id);
        probe.Property(p => p.ProbedAt).HasDefaultValueSql("now()");
        probe.Property(p => p.Detail).HasMaxLength(500);
        probe.HasIndex(p => new { p.Component, p.ProbedAt });
    }
}
