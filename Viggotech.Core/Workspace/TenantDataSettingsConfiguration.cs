using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Workspace;

internal sealed class TenantDataSettingsConfiguration : IEntityTypeConfiguration<TenantDataSettings>
{
    public void Configure(EntityTypeBuilder<TenantDataSettings> settings)
    {
        settings.ToTable("tenant_data_settings", table =>
        {
            table.HasCheckConstraint("ck_tenant_data_settings_upload", $"max_upload_bytes is null or max_upload_bytes between 1 and {TenantDataSettings.MaxUploadLimitBytes}");
            table.HasCheckConstraint("ck_tenant_data_settings_rotation",
                $"key_rotation_days between {TenantDataSettings.MinKeyRotationDays} and {TenantDataSettings.MaxKeyRotationDays}");
        });
        settings.HasKey(s => s.TenantId);
        settings.Property(s => s.KeyRotationDays).HasDefaultValue(TenantDataSettings.DefaultKeyRotationDays);
        settings.HasOne<Tenant>().WithOne().HasForeignKey<TenantDataSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
