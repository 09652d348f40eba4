using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Documents;

internal sealed class BlobDeletionConfiguration : IEntityTypeConfiguration<BlobDeletion>
{
    public void Configure(EntityTypeBuilder<BlobDeletion> deletion)
    {
        deletion.ToTable("blob_deletions");
        deletion.HasKey(d => d.Id);
        deletion.Property(d => d.BlobPrefix).IsRequired().HasMaxLength(200);
        deletion.HasIndex(d => new { d.TenantId, d.NotBefore });
        deletion.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        deletion.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
