using Aspire.Hosting.ApplicationModel;

namespace Viggotech.AppHost.Local;

public static class LocalProjects
{
    /// <summary>
    /// Kestrel presents the local CA's server certificate, and the process trusts the local CA
    /// (through <c>SSL_CERT_FILE</c>) for its own outgoing TLS: Postgres, Key Vault, storage, the Api.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalServerCertificate(this IResourceBuilder<ProjectResource> builder, LocalContext local) =>
        builder
            .WithEnvironment("Kestrel__Certificates__Default__Path", local.Pki.ServerCertificatePath)
            .WithEnvironment("Kestrel__Certificates__Default__KeyPath", local.Pki.ServerKeyPath)
            .WithEnvironment("SSL_CERT_FILE", local.Pki.TrustBundlePath)
            .WithEnvironment("Tls__CaCertificatePath", local.Pki.CaCertificatePath)
            .WithEnvironment("DOTNET_ENVIRONMENT", "Development")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development");

    /// <summary>
    /// Fixed HTTP and HTTPS ports, not proxied: the service sees each client's real address,
    /// which IP restrictions depend on.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalHttpEndpoints(
        this IResourceBuilder<ProjectResource> builder, LocalContext local, int httpPort, int httpsPort) =>
        builder
            .WithHttpEndpoint(port: httpPort, targetPort: httpPort, name: "http", isProxied: false)
            .WithHttpsEndpoint(port: httpsPort, targetPort: httpsPort, name: "https", isProxied: false)
            .WithLocalServerCertificate(local)
            .WithHttpHealthCheck("/health", endpointName: "http");
}
