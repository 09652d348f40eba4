using System.Security.Claims;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Tests.Tenancy;

public sealed class TenantContextTests
{
    [Fact]
    public void A_scope_cannot_switch_to_another_tenant()
    {
        var context = new TenantContext();
        var tenant = Guid.NewGuid();
        context.Enter(tenant);
        context.Enter(tenant);

        Assert.Throws<InvalidOperationException>(() => context.Enter(Guid.NewGuid()));
        Assert.Equal(tenant, context.TenantId);
    }

    [Fact]
    public void Tenant_comes_only_from_an_authenticated_principals_single_tenant_claim()
    {
        var tenant = Guid.NewGuid();
        Claim TenantClaim(Guid id) => new(TenantClaimTypes.TenantId, id.ToString());

        Assert.False(new TenantContext().TryEnterFrom(new ClaimsPrincipal(new ClaimsIdentity([TenantClaim(tenant)]))));
        Assert.False(new TenantContext().TryEnterFrom(Authenticated()));
        Assert.False(new TenantContext().TryEnterFrom(Authenticated(TenantClaim(tenant), TenantClaim(Guid.NewGuid()))));
        Assert.False(new TenantContext().TryEnterFrom(Authenticated(new Claim(TenantClaimTypes.TenantId, "not-a-guid"))));

        var context = new TenantContext();
        Assert.True(context.TryEnterFrom(Authenticated(TenantClaim(tenant))));
        Assert.Equal(tenant, context.TenantId);
    }

    private static ClaimsPrincipal Authenticated(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
