using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Access;

/// <summary>Calls every permission-protected endpoint of the real Api as one user and compares each answer with the user's permissions.</summary>
internal static partial class RoleMatrix
{
    public static async Task<IReadOnlyList<ApiEndpoint>> ProtectedEndpointsAsync(PlatformFixture platform)
    {
        await using var api = await InProcessApi.CreateAsync(platform);
        return ApiEndpoints.All(api.Services.GetRequiredService<EndpointDataSource>())
            .Where(e => e.Kind == EndpointKind.Permission)
            // Deleting the organisation comes last: nothing can be checked after it.
            .OrderBy(e => e.Permission == Core.Identity.Permissions.TenantDelete)
            .ToList();
    }

    /// <summary>Mismatches: "METHOD route: expected ..., got ..." for each endpoint that answered against the permissions.</summary>
    public static async Task<List<string>> MismatchesAsync(ApiSession session, string token, IReadOnlySet<string> granted, IEnumerable<ApiEndpoint> endpoints)
    {
        var mismatches = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = Parameter().Replace(endpoint.Route, match => match.Groups[1].Value == "role" ? "member" : Guid.NewGuid().ToString());
            var body = endpoint.Method is "POST" or "PUT" or "PATCH" ? new { } : null;
            var status = (await session.SendAsync(new HttpMethod(endpoint.Method), path, token, body)).StatusCode;
            var allowed = granted.Contains(endpoint.Permission!);
            var ok = allowed
                ? status is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && (int)status < 500
                : status == HttpStatusCode.Forbidden;
            if (!ok)
            {
                mismatches.Add($"{endpoint} ({endpoint.Permission}): expected {(allowed ? "allowed" : "403")}, got {(int)status}");
            }
        }

        return mismatches;
    }

    [GeneratedRegex(@"\{\**([a-zA-Z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
