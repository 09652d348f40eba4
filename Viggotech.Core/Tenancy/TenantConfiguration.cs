using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Viggotech.Core.Tenancy;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.ToTable("tenants", table =>
        {
            table.HasCheckConstraint("ck_tenants_name", "length(btrim(name)) between 1 and 200");
            // Slugs appear in URLs and host names: lowercase DNS-label shape.
            table.HasCheckConstraint("ck_tenants_slug", "slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'");
            table.HasCheckConstraint("ck_tenants_status", "status in ('active', 'suspended', 'closed')");
        });

        tenant.HasKey(t => t.Id);
        tenant.Property(t => t.Name).IsRequired();
        tenant.Property(t => t.Slug).IsRequired();
        tenant.HasIndex(t => t.Slug).IsUnique();
        tenant.Property(t => t.CreatedAt).HasDefaultValueSql("now()");
        tenant.Property(t => t.Status)
            .HasConversion(status => status.ToString().ToLowerInvariant(), text => Enum.Parse<TenantStatus>(text, true));
    }
}
