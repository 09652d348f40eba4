using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Alerts;

internal sealed class SecurityAlertConfiguration : IEntityTypeConfiguration<SecurityAlert>
{
    public void Configure(EntityTypeBuilder<SecurityAlert> alert)
    {
        alert.ToTable("security_alerts");
        alert.HasKey(a => new { a.TenantId, a.Id });
        alert.HasIndex(a => new { a.TenantId, a.RaisedAt });
        alert.HasIndex(a => new { a.TenantId, a.Kind, a.Subject, a.RaisedAt });
        alert.Property(a => a.Kind).HasMaxLength(50);
        alert.Property(a => a.Subject).HasMaxLength(200);
        alert.Property(a => a.Details).HasColumnType("jsonb");
        alert.Property(a => a.RaisedAt).HasDefaultValueSql("now()");
        alert.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
