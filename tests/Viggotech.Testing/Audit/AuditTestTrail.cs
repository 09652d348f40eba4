using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Export;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Audit.Verification;
using Viggotech.Core.Data;
using Viggotech.Core.Notes;
using Viggotech.Testing;

namespace Viggotech.Testing.Audit;

/// <summary>Recording and reading a tenant's trail the way features and customers do.</summary>
public static class AuditTestTrail
{
    public static IAuditTrail Audit(this TenantScope scope) => scope.Services.GetRequiredService<IAuditTrail>();

    /// <summary>A change (a note) and its audit event in one transaction, as a feature records one.</summary>
    public static async Task<ChainedAuditEvent> AddAuditedNoteAsync(this PlatformTestDatabase platform, Guid tenantId, string title)
    {
        await using var scope = platform.ForTenant(tenantId);
        return await scope.Db.InTransactionAsync(async ct =>
        {
            var note = new Note { Title = title, Body = title };
            scope.Db.Notes.Add(note);
            await scope.Db.SaveChangesAsync(ct);
            return await scope.Audit().RecordAsync("note.create", new AuditTarget("note", note.Id.ToString()), cancellationToken: ct);
        });
    }

    public static async Task<List<StoredAuditEvent>> StoredEventsAsync(this PlatformTestDatabase platform, Guid tenantId)
    {
        await using var scope = platform.ForTenant(tenantId);
        return await scope.Db.AuditEvents.AsNoTracking().OrderBy(e => e.Seq).ToListAsync();
    }

    public static async Task<byte[]> ExportAsync(this PlatformTestDatabase platform, Guid tenantId)
    {
        await using var scope = platform.ForTenant(tenantId);
        using var output = new MemoryStream();
        await scope.Services.GetRequiredService<AuditExport>().WriteBundleAsync(output);
        return output.ToArray();
    }

    /// <summary>Exports the tenant's trail and verifies it against the published keys, as a customer would.</summary>
    public static async Task<AuditVerification> VerifyExportAsync(this PlatformTestDatabase platform, Guid tenantId)
    {
        var bundle = await platform.ExportAsync(tenantId);
        await using var scope = platform.WithoutTenant();
        using var keys = await scope.Db.LoadAuditKeysAsync();
        return await AuditBundleVerifier.VerifyAsync(new MemoryStream(bundle), new AuditVerifyOptions { TrustedKeys = keys });
    }
}
