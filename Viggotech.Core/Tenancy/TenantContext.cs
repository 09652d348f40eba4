using System.Security.Claims;

namespace Viggotech.Core.Tenancy;

/// <summary>The settable side of <see cref="ITenantContext"/>, used by whatever authenticates the scope.</summary>
public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }

    /// <summary>
    /// Binds the scope to a tenant. A scope serves exactly one tenant: switching mid-scope would
    /// let entities read for one tenant be saved under another, so a second, different tenant throws.
    /// </summary>
    public void Enter(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A tenant id cannot be empty.", nameof(tenantId));
        }

        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("This scope already acts for another tenant.");
        }

        TenantId = tenantId;
    }

    /// <summary>
    /// Binds the scope to the tenant named by an authenticated principal's single
    /// <see cref="TenantClaimTypes.TenantId"/> claim. Returns false, leaving the scope without a
    /// tenant, when the principal is anonymous or the claim is missing, repeated or malformed.
    /// </summary>
    public bool TryEnterFrom(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var claims = principal.FindAll(TenantClaimTypes.TenantId).ToList();
        if (claims is not [var claim] || !Guid.TryParse(claim.Value, out var tenantId) || tenantId == Guid.Empty)
        {
            return false;
        }

        Enter(tenantId);
        return true;
    }
}
