using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Alerts;

internal sealed class OperatorAlertConfiguration : IEntityTypeConfiguration<OperatorAlert>
{
    public void Configure(EntityTypeBuilder<OperatorAlert> alert)
    {
        alert.ToTable("operator_alerts", PlatformSchema.Name);
        alert.HasKey(a => a.Id);
        alert.Property(a => a.RaisedAt).HasDefaultValueSql("now()");
        alert.Property(a => a.Kind).HasMaxLength(100);
        alert.Property(a => a.Subject).HasMaxLength(200);
        alert.Property(a => a.Message).HasMaxLength(2000);
        alert.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        alert.HasIndex(a => a.RaisedAt).HasFilter("acknowledged_at is null").HasDatabaseName("ix_operator_alerts_open");
    }
}
