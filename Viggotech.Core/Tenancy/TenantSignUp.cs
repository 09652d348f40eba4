using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;

namespace Viggotech.Core.Tenancy;

public static class TenantSignUp
{
    /// <summary>
    /// Creates a tenant through the database function <c>create_tenant</c>, the only path by which
    /// the app role can add a row to <c>tenants</c>, and records <c>tenant.create</c> as the first
    /// event of the new tenant's audit trail in the same transaction (the caller's, if one is
    /// open). Returns the new tenant's id. A taken slug surfaces as a
    /// <see cref="Npgsql.PostgresException"/> with SQL state 23505.
    /// </summary>
    public static Task<Guid> CreateTenantAsync(this PlatformDbContext db, string name, string slug, CancellationToken cancellationToken = default) =>
        db.CreateTenantAsync(name, slug, AuditOrigin.Platform, cancellationToken);

    /// <inheritdoc cref="CreateTenantAsync(PlatformDbContext, string, string, CancellationToken)"/>
    /// <param name="origin">Who signs the tenant up (the request's user or operator), for the audit event.</param>
    public static Task<Guid> CreateTenantAsync(this PlatformDbContext db, string name, string slug, AuditOrigin origin, CancellationToken cancellationToken = default) =>
        db.Database.CurrentTransaction is not null
            ? CreateAndRecordAsync(db, name, slug, origin, cancellationToken)
            : db.InTransactionAsync(ct => CreateAndRecordAsync(db, name, slug, origin, ct), cancellationToken);

    private static async Task<Guid> CreateAndRecordAsync(PlatformDbContext db, string name, string slug, AuditOrigin origin, CancellationToken cancellationToken)
    {
        var ids = await db.Database
            .SqlQuery<Guid>($"select create_tenant({name}, {slug}) as \"Value\"")
            .ToListAsync(cancellationToken);
        var tenantId = ids.Single();

        // The scope may have no tenant yet (sign-up): the new tenant's chain is written explicitly.
        var created = new AuditEvent(
            tenantId.ToString(), DateTimeOffset.UtcNow, origin.Actor, AuditActions.TenantCreate,
            new AuditTarget("tenant", tenantId.ToString()), AuditResult.Success,
            origin.Ip, origin.UserAgent, origin.Session, Activity.Current?.TraceId.ToHexString(),
            new Dictionary<string, string> { ["name"] = name, ["slug"] = slug });
        await AuditAppender.AppendAsync(db, tenantId, created, cancellationToken);
        return tenantId;
    }
}
