using Microsoft.Extensions.Options;
using Viggotech.KeyVaultEmulator.Secrets;

namespace Viggotech.KeyVaultEmulator.Authentication;

/// <summary>
/// Answers a request without a bearer token the way Key Vault does: 401 with a challenge naming
/// the Entra authority and the vault resource. The SDK's challenge policy sends its first request
/// without a token, reads the tenant and resource from this header, asks its credential for a
/// token and retries. This is a local emulator with no identity provider behind it, so any
/// non-empty bearer token is accepted; the token is never validated.
/// </summary>
public sealed class BearerChallenge(RequestDelegate next, IOptions<EmulatorOptions> options)
{
    public const string Resource = "https://vault.azure.net";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request.Path) || HasBearerToken(context.Request))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate =
            $"Bearer authorization=\"https://login.microsoftonline.com/{options.Value.TenantId}\", resource=\"{Resource}\"";
        return KeyVaultError.MissingToken().ExecuteAsync(context);
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments(Extensions.HealthEndpointPath) || path.StartsWithSegments(Extensions.AlivenessEndpointPath);

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && header.AsSpan("Bearer ".Length).Trim().Length > 0;
}
