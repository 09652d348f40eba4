using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.People;

internal sealed class PersonRecordConfiguration : IEntityTypeConfiguration<PersonRecord>
{
    public void Configure(EntityTypeBuilder<PersonRecord> person)
    {
        person.ToTable(PeopleTable.Name);
        person.HasKey(p => p.Id);
        person.HasAlternateKey(p => new { p.TenantId, p.Id });
        person.Property(p => p.Name).IsRequired();
        person.HasIndex(p => new { p.TenantId, p.EmailIndex });
        person.Property(p => p.NameTokens).HasDefaultValueSql("'{}'::bytea[]");
        person.HasIndex(p => p.NameTokens).HasMethod("gin");
        person.HasIndex(p => new { p.TenantId, p.CreatedAt, p.Id });
        person.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        person.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        person.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
