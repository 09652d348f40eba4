using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Viggotech.Core.Audit.Storage;

internal sealed class AuditSigningKeyRecordConfiguration : IEntityTypeConfiguration<AuditSigningKeyRecord>
{
    public void Configure(EntityTypeBuilder<AuditSigningKeyRecord> key)
    {
        key.ToTable("audit_signing_keys");
        key.HasKey(x => x.KeyId);
        key.Property(x => x.KeyId).HasColumnName("kid");
        key.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
    }
}
