using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Viggotech.Web.Api;

namespace Viggotech.Web.Access;

/// <summary>
/// <c>@attribute [RequirePermission("audit.read")]</c> on a page: the signed-in user's roles must grant
/// the permission as the Api answers now. The Api checks again on every call; this only keeps people
/// away from pages that could not work for them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequirePermissionAttribute(string permission) : AuthorizeAttribute(PortalPermissionPolicyProvider.Prefix + permission);

public sealed record PortalPermissionRequirement(string Permission) : IAuthorizationRequirement;

public sealed class PortalPermissionHandler : AuthorizationHandler<PortalPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PortalPermissionRequirement requirement)
    {
        if (context.Resource is HttpContext http && await http.RequestServices.GetRequiredService<PortalUser>().CanAsync(requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }
}

public sealed class PortalPermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public const string Prefix = "permission:";

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) =>
        policyName.StartsWith(Prefix, StringComparison.Ordinal)
            ? new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PortalPermissionRequirement(policyName[Prefix.Length..])).Build()
            : await base.GetPolicyAsync(policyName);
}

public static class PortalPermissionsExtensions
{
    public static IServiceCollection AddPortalPermissions(this IServiceCollection services)
    {
        services.AddScoped<PortalUser>();
        services.AddSingleton<IAuthorizationPolicyProvider, PortalPermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PortalPermissionHandler>();
        return services;
    }
}
