namespace Viggotech.Core.Identity;

/// <summary>
/// Told after a committed change to who holds which role or what a role grants, so permissions
/// cached for the tenant's users are read afresh on their next request.
/// </summary>
public interface IAccessChanges
{
    Task ChangedAsync(Guid tenantId, CancellationToken cancellationToken = default);
}
