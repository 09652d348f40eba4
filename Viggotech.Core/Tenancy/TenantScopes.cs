using Microsoft.Extensions.DependencyInjection;

namespace Viggotech.Core.Tenancy;

public static class TenantScopes
{
    /// <summary>A new DI scope acting for <paramref name="tenantId"/>, for background work and platform operations on one tenant.</summary>
    public static AsyncServiceScope CreateTenantScope(this IServiceScopeFactory scopes, Guid tenantId)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenantId);
        return scope;
    }
}
