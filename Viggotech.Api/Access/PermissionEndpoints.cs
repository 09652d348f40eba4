using Microsoft.AspNetCore.Authorization;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Access;

/// <summary>Endpoint metadata naming the permission an endpoint needs; tests enumerate it.</summary>
public sealed record RequiredPermission(string Permission);

public static class PermissionEndpoints
{
    /// <summary>The endpoint needs a signed-in user with a live session whose roles grant <paramref name="permission"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!Permissions.Exists(permission))
        {
            throw new ArgumentException($"'{permission}' is not in the permission catalogue.", nameof(permission));
        }

        builder.WithMetadata(new RequiredPermission(permission));
        return builder.RequireAuthorization(PermissionPolicyProvider.PolicyName(permission));
    }

    public static IServiceCollection AddPermissions(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddMemoryCache();
        services.AddSingleton<AccessStamps>();
        services.AddSingleton<IAccessChanges>(provider => provider.GetRequiredService<AccessStamps>());
        services.AddScoped<IUserPermissions, AssignedRolePermissions>();
        services.AddScoped<Viggotech.Core.Identity.Roles.TenantRoles>();
        return services;
    }
}
