using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Viggotech.Api.Authorization;

/// <summary>
/// Registers the portal as a confidential, first-party client at start: code flow with PKCE,
/// refresh tokens, its redirect URIs and secret from configuration (<c>Portal:*</c>). Re-applied
/// on every start so a rotated secret or a moved portal takes effect.
/// </summary>
public sealed class PortalClient(IServiceProvider services, IConfiguration configuration, ILogger<PortalClient> logger) : IHostedService
{
    public const string ClientId = "portal";
    public const string ApiScope = "api";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var secret = configuration["Portal:ClientSecret"];
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogWarning("Portal:ClientSecret is not configured; the portal client is not registered");
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Viggotech portal",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation, Permissions.Endpoints.Introspection,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile, Permissions.Prefixes.Scope + ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in Split("Portal:RedirectUris"))
        {
            descriptor.RedirectUris.Add(uri);
        }

        foreach (var uri in Split("Portal:PostLogoutRedirectUris"))
        {
            descriptor.PostLogoutRedirectUris.Add(uri);
        }

        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(ClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Uri> Split(string key) =>
        (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(value => new Uri(value));
}
