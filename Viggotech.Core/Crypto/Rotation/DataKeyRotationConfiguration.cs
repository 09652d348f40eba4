using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Crypto.Rotation;

internal sealed class DataKeyRotationConfiguration : IEntityTypeConfiguration<DataKeyRotation>
{
    public void Configure(EntityTypeBuilder<DataKeyRotation> rotation)
    {
        rotation.ToTable("data_key_rotations", table =>
            table.HasCheckConstraint("ck_data_key_rotations_status", "status in ('running', 'completed', 'superseded', 'blocked', 'abandoned')"));
        rotation.HasKey(r => r.Id);
        rotation.HasIndex(r => new { r.TenantId, r.Status });
        rotation.Property(r => r.CurrentTarget).HasMaxLength(100);
        rotation.Property(r => r.Error).HasMaxLength(1000);
        rotation.Property(r => r.StartedAt).HasDefaultValueSql("now()");
        rotation.Property(r => r.Status)
            .HasConversion(status => status.ToString().ToLowerInvariant(), text => Enum.Parse<RotationStatus>(text, true));
        rotation.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
