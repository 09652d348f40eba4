using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Viggotech.AppHost.Local;

/// <summary>The Key Vault emulator over HTTPS with a certificate from the local CA.</summary>
public static class LocalKeyVault
{
    public static IResourceBuilder<ProjectResource> AddLocalKeyVault(this IDistributedApplicationBuilder builder, LocalContext local)
    {
        var port = local.Settings.Ports.KeyVault;
        var healthCheckKey = $"{ResourceNames.KeyVault}-health";
        var healthUri = new Uri($"https://127.0.0.1:{port}/health");
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new HttpsHealthCheck(healthUri, local.Pki.CaCertificatePath), failureStatus: null, tags: null));

        return builder.AddProject<Projects.KeyVaultEmulator>(ResourceNames.KeyVault, launchProfileName: null)
            .WithHttpsEndpoint(port: port, targetPort: port, name: "https", isProxied: false)
            .WithLocalServerCertificate(local)
            .WithEnvironment("KeyVault__DataPath", local.Settings.KeyVaultData)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// The vault URI in the shape Aspire's Key Vault integration expects as a connection string,
    /// and the flag that makes the service authenticate as the emulator expects.
    /// </summary>
    public static IResourceBuilder<T> WithKeyVaultReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> keyVault)
        where T : IResourceWithEnvironment =>
        builder
            .WithEnvironment($"ConnectionStrings__{ResourceNames.KeyVault}", keyVault.GetEndpoint("https"))
            .WithEnvironment("KeyVault__Emulator", "true");
}
