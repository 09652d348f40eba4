using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Api.Identity;
using Viggotech.Core.Identity;
using Viggotech.Core.Identity.Roles;

namespace Viggotech.Api.Roles;

/// <summary>The organisation's users with their roles: change roles, and explain which roles grant a permission.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.UsersRead);
        group.MapGet("/{id:guid}", GetAsync).RequirePermission(Permissions.UsersRead);
        group.MapGet("/{id:guid}/why", ExplainAsync).RequirePermission(Permissions.UsersRead);
        group.MapPut("/{id:guid}/roles", SetRolesAsync).RequirePermission(Permissions.RolesManage);
        group.MapPost("/{id:guid}/roles", AddRoleAsync).RequirePermission(Permissions.RolesManage);
        group.MapDelete("/{id:guid}/roles/{role}", RemoveRoleAsync).RequirePermission(Permissions.RolesManage);
        group.MapPost("/{id:guid}/mfa/reset", MfaReset.ResetAsync).RequirePermission(Permissions.UsersManage);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<UserWithRoles>>> ListAsync(TenantRoles roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.UsersAsync(cancellationToken));

    public static async Task<Results<Ok<UserWithRoles>, NotFound>> GetAsync(Guid id, TenantRoles roles, CancellationToken cancellationToken) =>
        await roles.UserAsync(id, cancellationToken) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();

    /// <summary>"Why can this user do this?": the user's roles that grant the permission.</summary>
    public static async Task<Results<Ok<PermissionExplanation>, NotFound, ValidationProblem>> ExplainAsync(
        Guid id, string? permission, TenantRoles roles, CancellationToken cancellationToken)
    {
        if (permission is null || !Permissions.Exists(permission))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["permission"] = ["Choose a permission from the catalogue."] });
        }

        return await roles.ExplainAsync(id, permission, cancellationToken) is { } answer ? TypedResults.Ok(answer) : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        Guid id, RoleSetInput input, HttpContext context, TenantRoles roles, CancellationToken cancellationToken) =>
        RoleResults.From(await roles.SetUserRolesAsync(id, input.Roles, context.Access(), cancellationToken));

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> AddRoleAsync(
        Guid id, RoleAssignmentInput input, HttpContext context, TenantRoles roles, CancellationToken cancellationToken)
    {
        if (await roles.UserAsync(id, cancellationToken) is not { } user)
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrWhiteSpace(input.Role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["Choose a role."] });
        }

        return RoleResults.From(await roles.SetUserRolesAsync(id, [.. user.Roles.Select(r => r.Ref), input.Role], context.Access(), cancellationToken));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> RemoveRoleAsync(
        Guid id, string role, HttpContext context, TenantRoles roles, CancellationToken cancellationToken)
    {
        if (await roles.UserAsync(id, cancellationToken) is not { } user || user.Roles.All(r => r.Ref != role))
        {
            return TypedResults.NotFound();
        }

        return RoleResults.From(await roles.SetUserRolesAsync(id, user.Roles.Select(r => r.Ref).Where(r => r != role).ToList(), context.Access(), cancellationToken));
    }
}

public sealed record RoleSetInput(IReadOnlyList<string>? Roles);

public sealed record RoleAssignmentInput(string? Role);
