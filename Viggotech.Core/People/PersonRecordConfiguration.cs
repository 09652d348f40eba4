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
        // Only rows still waiting for the name-token backfill, so its runs read those and not the whole table.
        person.HasIndex(p => new { p.TenantId, p.Id }).HasDatabaseName("ix_people_without_name_tokens").HasFilter("cardinality(name_tokens) = 0");
        person.HasIndex(p => new { p.TenantId, p.CreatedAt, p.Id });
        person.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        person.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        person.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
