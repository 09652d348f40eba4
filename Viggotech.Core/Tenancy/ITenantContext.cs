namespace Viggotech.Core.Tenancy;

/// <summary>
/// The tenant the current unit of work (one request, one job run) acts for. Scoped: one per DI
/// scope. It is filled from the authenticated principal, never from anything the client sends.
/// </summary>
public interface ITenantContext
{
    /// <summary>The current tenant, or null when the scope acts for no tenant (then no tenant data is visible).</summary>
    Guid? TenantId { get; }
}
