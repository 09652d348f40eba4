using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.IpRestrictions;

internal sealed class IpRangeConfiguration : IEntityTypeConfiguration<IpRange>
{
    public void Configure(EntityTypeBuilder<IpRange> range)
    {
        range.ToTable("ip_ranges");
        range.HasKey(r => new { r.TenantId, r.Id });
        range.HasIndex(r => new { r.TenantId, r.Cidr }).IsUnique();
        range.Property(r => r.Cidr).HasMaxLength(64);
        range.Property(r => r.Label).HasMaxLength(100);
        range.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        range.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IpRestrictionSettingsConfiguration : IEntityTypeConfiguration<IpRestrictionSettings>
{
    public void Configure(EntityTypeBuilder<IpRestrictionSettings> settings)
    {
        settings.ToTable("ip_restriction_settings", table =>
            table.HasCheckConstraint("ck_ip_restriction_settings_mode", "mode in ('off', 'report-only', 'enforce')"));
        settings.HasKey(s => s.TenantId);
        settings.Property(s => s.Mode).HasMaxLength(20);
        settings.HasOne<Tenant>().WithOne().HasForeignKey<IpRestrictionSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IpBlockedAttemptConfiguration : IEntityTypeConfiguration<IpBlockedAttempt>
{
    public void Configure(EntityTypeBuilder<IpBlockedAttempt> attempt)
    {
        attempt.ToTable("ip_blocked_attempts", table =>
            table.HasCheckConstraint("ck_ip_blocked_attempts_channel", "channel in ('sign-in', 'api', 'portal')"));
        attempt.HasKey(a => new { a.TenantId, a.Id });
        attempt.HasIndex(a => new { a.TenantId, a.OccurredAt });
        attempt.Property(a => a.IpAddress).HasMaxLength(64);
        attempt.Property(a => a.Channel).HasMaxLength(20);
        attempt.Property(a => a.OccurredAt).HasDefaultValueSql("now()");
        attempt.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
