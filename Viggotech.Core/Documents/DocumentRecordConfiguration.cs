using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Documents;

internal sealed class DocumentRecordConfiguration : IEntityTypeConfiguration<DocumentRecord>
{
    public void Configure(EntityTypeBuilder<DocumentRecord> document)
    {
        document.ToTable(DocumentsTable.Name, table =>
        {
            table.HasCheckConstraint("ck_documents_size", "size >= 0");
            table.HasCheckConstraint("ck_documents_key_version", "key_version > 0");
        });
        document.HasKey(d => d.Id);
        document.HasAlternateKey(d => new { d.TenantId, d.Id });
        document.Property(d => d.Name).IsRequired();
        document.Property(d => d.ContentType).IsRequired().HasMaxLength(DocumentUpload.ContentTypeMaxLength);
        document.Property(d => d.BlobName).IsRequired().HasMaxLength(200);
        document.HasIndex(d => d.BlobName).IsUnique();
        document.HasIndex(d => new { d.TenantId, d.CreatedAt, d.Id });
        document.HasIndex(d => new { d.TenantId, d.KeyVersion });
        document.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        document.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
