using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Replication;

internal sealed class BlobCopyConfiguration : IEntityTypeConfiguration<BlobCopy>
{
    public void Configure(EntityTypeBuilder<BlobCopy> copy)
    {
        copy.ToTable("blob_copies", PlatformSchema.Name, table =>
            table.HasCheckConstraint("ck_blob_copies_status", "status in ('pending', 'copied', 'gone')"));
        copy.HasKey(c => c.Id);
        copy.Property(c => c.EnqueuedAt).HasDefaultValueSql("now()");
        copy.Property(c => c.NextAttemptAt).HasDefaultValueSql("now()");
        // One pending copy per blob: enqueueing again while one waits changes nothing.
        copy.HasIndex(c => new { c.Container, c.BlobName }).IsUnique().HasFilter("status = 'pending'");
        copy.HasIndex(c => c.NextAttemptAt).HasFilter("status = 'pending'");
    }
}
