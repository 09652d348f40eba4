using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Data;

namespace Viggotech.Core.Backups.OperatorRestores;

internal sealed class RestoreRequestConfiguration : IEntityTypeConfiguration<RestoreRequest>
{
    public void Configure(EntityTypeBuilder<RestoreRequest> request)
    {
        request.ToTable("restore_requests", PlatformSchema.Name, table =>
        {
            table.HasCheckConstraint("ck_restore_requests_status", "status in ('queued', 'running', 'succeeded', 'failed')");
            table.HasCheckConstraint("ck_restore_requests_mode", "mode in ('sandbox', 'inplace')");
            table.HasCheckConstraint("ck_restore_requests_percent", "percent between 0 and 100");
        });
        request.HasKey(r => r.Id);
        request.HasIndex(r => new { r.Status, r.RequestedAt });
        request.Property(r => r.RequestedAt).HasDefaultValueSql("now()");
        request.Property(r => r.Reason).HasMaxLength(500);
        request.Property(r => r.Confirmation).HasMaxLength(100);
        request.Property(r => r.SandboxOwnerEmail).HasMaxLength(256);
        request.Property(r => r.RequestedBy).HasMaxLength(256);
        request.Property(r => r.Stage).HasMaxLength(200);
        request.Property(r => r.SandboxSlug).HasMaxLength(100);
        request.Property(r => r.Error).HasMaxLength(1000);
        request.Property(r => r.Mode)
            .HasConversion(mode => mode.ToString().ToLowerInvariant(), text => Enum.Parse<RestoreMode>(text, true));
        request.Property(r => r.Status)
            .HasConversion(status => status.ToString().ToLowerInvariant(), text => Enum.Parse<RestoreRequestStatus>(text, true));
    }
}
