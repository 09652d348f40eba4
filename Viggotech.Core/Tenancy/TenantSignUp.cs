using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Tenancy;

public static class TenantSignUp
{
    /// <summary>
    /// Creates a tenant through the database function <c>create_tenant</c>, the only path by which
    /// the app role can add a row to <c>tenants</c>. Returns the new tenant's id. A taken slug
    /// surfaces as a <see cref="Npgsql.PostgresException"/> with SQL state 23505.
    /// </summary>
    public static async Task<Guid> CreateTenantAsync(this PlatformDbContext db, string name, string slug, CancellationToken cancellationToken = default)
    {
        var ids = await db.Database
            .SqlQuery<Guid>($"select create_tenant({name}, {slug}) as \"Value\"")
            .ToListAsync(cancellationToken);
        return ids.Single();
    }
}
