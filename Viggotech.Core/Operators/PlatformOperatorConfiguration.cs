using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Data;

namespace Viggotech.Core.Operators;

internal sealed class PlatformOperatorConfiguration : IEntityTypeConfiguration<PlatformOperator>
{
    public void Configure(EntityTypeBuilder<PlatformOperator> entity)
    {
        entity.ToTable("operators", PlatformSchema.Name, table =>
            table.HasCheckConstraint("ck_operators_normalized_email", "normalized_email = upper(normalized_email) and length(normalized_email) between 3 and 256"));
        entity.HasKey(o => o.NormalizedEmail);
        entity.Property(o => o.NormalizedEmail).HasMaxLength(256);
        entity.Property(o => o.GrantedAt).HasDefaultValueSql("now()");
    }
}
