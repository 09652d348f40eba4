using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Jobs;

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> lease)
    {
        lease.ToTable("job_leases", PlatformSchema.Name);
        lease.HasKey(l => l.JobName);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> run)
    {
        run.ToTable("job_runs", PlatformSchema.Name, table =>
            table.HasCheckConstraint("ck_job_runs_outcome", "outcome in ('succeeded', 'failed', 'lease-lost', 'cancelled')"));
        run.HasKey(r => r.Id);
        run.Property(r => r.StartedAt).HasDefaultValueSql("now()");
        run.HasIndex(r => new { r.JobName, r.StartedAt });
    }
}
