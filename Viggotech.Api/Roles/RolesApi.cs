using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Core.Identity;
using Viggotech.Core.Identity.Roles;

namespace Viggotech.Api.Roles;

/// <summary>The organisation's roles: the built-in ones and the custom roles admins build from the permission catalogue.</summary>
public static class RolesApi
{
    public static RouteGroupBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/roles");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.UsersRead);
        group.MapGet("/permissions", Catalogue).RequirePermission(Permissions.UsersRead);
        group.MapPost("/", CreateAsync).RequirePermission(Permissions.RolesManage);
        group.MapPut("/{id:guid}", UpdateAsync).RequirePermission(Permissions.RolesManage);
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.RolesManage);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<RoleView>>> ListAsync(TenantRoles roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.ListAsync(cancellationToken));

    public static Ok<IReadOnlyList<PermissionInfo>> Catalogue() => TypedResults.Ok(Permissions.Catalogue);

    public static async Task<Results<Created<RoleView>, NotFound, ValidationProblem, ProblemHttpResult>> CreateAsync(
        RoleInput input, HttpContext context, TenantRoles roles, CancellationToken cancellationToken)
    {
        var (result, role) = await roles.CreateAsync(input, context.Access(), cancellationToken);
        if (role is not null)
        {
            return TypedResults.Created($"/api/roles/{role.Ref}", role);
        }

        return result switch
        {
            RoleChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            RoleChange.Refused refused => RoleResults.Problem(refused),
            _ => TypedResults.NotFound(),
        };
    }

    public static async Task<Results<Ok<RoleView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, RoleInput input, HttpContext context, TenantRoles roles, CancellationToken cancellationToken)
    {
        var (result, role) = await roles.UpdateAsync(id, input, context.Access(), cancellationToken);
        if (role is not null)
        {
            return TypedResults.Ok(role);
        }

        return result switch
        {
            RoleChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            RoleChange.Refused refused => RoleResults.Problem(refused),
            _ => TypedResults.NotFound(),
        };
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpContext context, TenantRoles roles, CancellationToken cancellationToken) =>
        RoleResults.From(await roles.DeleteAsync(id, context.Access(), cancellationToken));
}
