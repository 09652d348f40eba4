using Microsoft.AspNetCore.Authorization;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Access;

/// <summary>The caller's roles must grant <see cref="Permission"/>.</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>
/// Checks a permission against the user's roles as they are now in the database, not as they were
/// at sign-in: a role removed a moment ago no longer grants anything on the next request.
/// </summary>
public sealed class PermissionHandler(IUserPermissions permissions) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http || !Guid.TryParse(context.User.FindFirst("sub")?.Value, out var userId))
        {
            return;
        }

        if (!http.Items.TryGetValue(typeof(UserAccess), out var cached) || cached is not UserAccess access)
        {
            access = await permissions.ForUserAsync(userId, http.RequestAborted) ?? new UserAccess(userId, [], new HashSet<string>());
            http.Items[typeof(UserAccess)] = access;
        }

        if (access.Has(requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }
}
