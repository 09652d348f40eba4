using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Memory;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Access;

/// <summary>The caller's roles must grant <see cref="Permission"/>.</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>
/// Checks a permission against the user's roles as they are now, not as they were at sign-in: the
/// roles read from the database are kept for a short while, but only under the tenant's current
/// access stamp (one Redis read), so a role removed a moment ago no longer grants anything on the
/// next request.
/// </summary>
public sealed class PermissionHandler(IUserPermissions permissions, AccessStamps stamps, IMemoryCache cache) : AuthorizationHandler<PermissionRequirement>
{
    // Bounds what a change that could not reach Redis leaves behind; stamps do the real invalidation.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http || !Guid.TryParse(context.User.FindFirst("sub")?.Value, out var userId)
            || !Guid.TryParse(context.User.FindFirst(TenantClaimTypes.TenantId)?.Value, out var tenantId))
        {
            return;
        }

        if (!http.Items.TryGetValue(typeof(UserAccess), out var held) || held is not UserAccess access)
        {
            access = await ReadAsync(tenantId, userId, http.RequestAborted);
            http.Items[typeof(UserAccess)] = access;
        }

        if (access.Has(requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }

    private async Task<UserAccess> ReadAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken)
    {
        // Read before the database, so roles changed meanwhile are cached under the old stamp and never used again.
        var stamp = await stamps.CurrentAsync(tenantId);
        var key = (typeof(PermissionHandler), tenantId, userId);
        if (cache.TryGetValue(key, out CachedAccess? cached) && cached!.Stamp == stamp)
        {
            return cached.Access;
        }

        var access = await permissions.ForUserAsync(userId, cancellationToken) ?? new UserAccess(userId, [], new HashSet<string>());
        cache.Set(key, new CachedAccess(stamp, access), Lifetime);
        return access;
    }

    private sealed record CachedAccess(string Stamp, UserAccess Access);
}
