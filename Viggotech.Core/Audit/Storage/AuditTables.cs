using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Webhooks;
using Viggotech.Core.Data;

namespace Viggotech.Core.Audit.Storage;

/// <summary>The audit tables as sets of the platform context (kept here, beside the feature, not in the context).</summary>
public static class AuditTables
{
    extension(PlatformDbContext db)
    {
        public DbSet<StoredAuditEvent> AuditEvents => db.Set<StoredAuditEvent>();

        public DbSet<AuditChainHeadRow> AuditChainHeads => db.Set<AuditChainHeadRow>();

        public DbSet<StoredAuditSeal> AuditSeals => db.Set<StoredAuditSeal>();

        public DbSet<StoredPruneRecord> AuditPruneRecords => db.Set<StoredPruneRecord>();

        public DbSet<AuditSigningKeyRecord> AuditSigningKeys => db.Set<AuditSigningKeyRecord>();

        public DbSet<AuditSettings> AuditSettings => db.Set<AuditSettings>();

        public DbSet<AuditWebhook> AuditWebhooks => db.Set<AuditWebhook>();

        public DbSet<AuditWebhookDeadLetter> AuditWebhookDeadLetters => db.Set<AuditWebhookDeadLetter>();
    }
}
