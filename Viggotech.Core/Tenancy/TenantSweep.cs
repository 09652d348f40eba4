using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Data;

namespace Viggotech.Core.Tenancy;

/// <summary>
/// Runs background work once per tenant, each in a DI scope of its own that acts for that tenant,
/// so row-level security applies exactly as for a request. The tenant list comes from the
/// SECURITY DEFINER function <c>list_tenant_ids()</c>: the app role cannot read other tenants'
/// rows itself and is not given BYPASSRLS. One tenant's failure is logged and the others go on.
/// </summary>
public sealed partial class TenantSweep(IServiceScopeFactory scopes, ILogger<TenantSweep> logger)
{
    public async Task<IReadOnlyList<Guid>> ListTenantIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Database.SqlQuery<Guid>($"select list_tenant_ids() as \"Value\"").ToListAsync(cancellationToken);
    }

    /// <returns>How many tenants the work failed for.</returns>
    public async Task<int> ForEachTenantAsync(Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        await ForEachAsync(await ListTenantIdsAsync(cancellationToken), work, cancellationToken);

    /// <returns>How many tenants the work failed for.</returns>
    public async Task<int> ForEachAsync(IEnumerable<Guid> tenantIds, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        var failed = 0;
        foreach (var tenantId in tenantIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateTenantScope(tenantId);
            try
            {
                await work(scope.ServiceProvider, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                LogTenantFailed(logger, e, tenantId);
            }
        }
        return failed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background work failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, Guid tenantId);
}
