using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Testing;

/// <summary>A DI scope bound to one tenant (or none), with its <see cref="PlatformDbContext"/>.</summary>
public sealed class TenantScope : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;

    private TenantScope(AsyncServiceScope scope) => this.scope = scope;

    public IServiceProvider Services => scope.ServiceProvider;

    public PlatformDbContext Db => Services.GetRequiredService<PlatformDbContext>();

    public static TenantScope For(IServiceProvider services, Guid? tenantId)
    {
        var scope = services.CreateAsyncScope();
        if (tenantId is { } id)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(id);
        }

        return new TenantScope(scope);
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
