using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Crypto.Keys;

internal sealed class TenantDataKeyConfiguration : IEntityTypeConfiguration<TenantDataKey>
{
    public void Configure(EntityTypeBuilder<TenantDataKey> key)
    {
        key.ToTable("tenant_data_keys", table =>
        {
            table.HasCheckConstraint("ck_tenant_data_keys_status", "status in ('active', 'retiring', 'retired', 'destroyed')");
            table.HasCheckConstraint("ck_tenant_data_keys_version", "version > 0");
            table.HasCheckConstraint("ck_tenant_data_keys_material",
                "(status = 'destroyed') = (wrapped_key is null) and (wrapped_key is null) = (kek_version is null)");
        });
        key.HasKey(k => k.Id);
        key.HasIndex(k => new { k.TenantId, k.Version }).IsUnique();
        // Writers take the active version; two would make "the" active key ambiguous.
        key.HasIndex(k => k.TenantId).IsUnique().HasFilter("status = 'active'").HasDatabaseName("ix_tenant_data_keys_active");
        key.Property(k => k.KekVersion).HasMaxLength(64);
        key.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
        key.Property(k => k.Status)
            .HasConversion(status => status.ToString().ToLowerInvariant(), text => Enum.Parse<DataKeyStatus>(text, true));
        key.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
