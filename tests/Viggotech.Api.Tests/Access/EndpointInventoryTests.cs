using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Api.Access;
using Viggotech.Api.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Access;

[Collection(PlatformCollection.Name)]
public sealed class EndpointInventoryTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_endpoint_declares_a_permission_or_is_own_account_or_explicitly_anonymous()
    {
        await using var api = await InProcessApi.CreateAsync(platform);
        var endpoints = ApiEndpoints.All(api.Services.GetRequiredService<EndpointDataSource>());
        Assert.NotEmpty(endpoints);

        var undeclared = endpoints.Where(e => e.Kind == EndpointKind.Undeclared).Select(e => e.ToString()).ToList();
        Assert.True(undeclared.Count == 0, "Endpoints that declare no permission, own-account policy or AllowAnonymous:\n" + string.Join("\n", undeclared));

        // The inventory really sees the Api's endpoints of each kind.
        Assert.Contains(endpoints, e => e.Kind == EndpointKind.Permission && e.Route == "/api/users/{id:guid}/roles" && e.Method == "PUT");
        Assert.Contains(endpoints, e => e.Kind == EndpointKind.OwnAccount && e.Route.StartsWith("/api/sessions", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Kind == EndpointKind.Anonymous);
        Assert.Equal(["GET /api/operations/alerts", "GET /api/operations/drills", "GET /api/operations/restores", "GET /api/operations/tenants", "POST /api/operations/alerts/{id:long}/acknowledge", "POST /api/operations/restores", "POST /api/operations/restores/{id:guid}/invitation"],
            endpoints.Where(e => e.Kind == EndpointKind.Operator).Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }
}

public enum EndpointKind
{
    Permission,
    OwnAccount,
    Operator,
    Anonymous,
    Undeclared,
}

/// <summary>One route and method of the Api with what protects it.</summary>
public sealed record ApiEndpoint(string Method, string Route, EndpointKind Kind, string? Permission)
{
    public override string ToString() => $"{Method} {Route}";
}

public static class ApiEndpoints
{
    public static IReadOnlyList<ApiEndpoint> All(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint =>
            {
                var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
                var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
                var permission = endpoint.Metadata.GetOrderedMetadata<RequiredPermission>().LastOrDefault()?.Permission;
                var kind = permission is not null ? EndpointKind.Permission
                    : endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ActiveSessionRequirement.Policy) ? EndpointKind.OwnAccount
                    : endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Viggotech.Api.Operations.OperatorRequirement.Policy) ? EndpointKind.Operator
                    : endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? EndpointKind.Anonymous
                    : EndpointKind.Undeclared;
                return methods.Select(method => new ApiEndpoint(method, route, kind, permission));
            })
            .Distinct()
            .ToList();
}
