using Aspire.Hosting.ApplicationModel;

namespace Viggotech.AppHost.Local;

/// <summary>
/// Wires the Api's authorization server and the portal together from the endpoints Aspire
/// allocates, so no port is written down twice: the issuer, the portal's redirect URIs, the
/// origins passkeys may come from, and the client secret both sides share.
/// </summary>
public static class LocalIdentity
{
    public static IResourceBuilder<ProjectResource> WithIdentityProvider(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> portal, IResourceBuilder<ParameterResource> clientSecret)
    {
        var apiHttps = api.GetEndpoint("https");
        var apiHttp = api.GetEndpoint("http");
        var webHttps = portal.GetEndpoint("https");
        var webHttp = portal.GetEndpoint("http");
        return api
            .WithEnvironment("Identity__Issuer", apiHttps)
            .WithEnvironment("Portal__Url", webHttps)
            .WithEnvironment("Portal__ClientSecret", clientSecret)
            .WithEnvironment("Portal__RedirectUris", ReferenceExpression.Create($"{webHttps}/signin-oidc;{webHttp}/signin-oidc"))
            .WithEnvironment("Portal__PostLogoutRedirectUris", ReferenceExpression.Create($"{webHttps}/signout-callback-oidc;{webHttp}/signout-callback-oidc"))
            .WithEnvironment("Passkeys__Origins", ReferenceExpression.Create($"{apiHttps};{apiHttp};{webHttps};{webHttp}"))
            // The portal calls the Api from this machine's loopback address and forwards the browser's
            // address in X-Forwarded-For; only connections from there may set it. Other loopback
            // addresses (127.0.0.2 and up) are ordinary clients whose header is ignored.
            .WithEnvironment("ForwardedHeaders__KnownProxies", "127.0.0.1;::1");
    }

    public static IResourceBuilder<ProjectResource> WithIdentityClientOf(
        this IResourceBuilder<ProjectResource> portal, IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> clientSecret) =>
        portal
            .WithEnvironment("Identity__Authority", api.GetEndpoint("https"))
            .WithEnvironment("Portal__ClientSecret", clientSecret);
}
