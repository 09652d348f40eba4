using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Viggotech.AppHost.Local;

/// <summary>
/// One Azurite process over HTTPS holding two storage accounts, one per region, so server-side copy
/// from region A to region B works as it does between two Azure accounts.
/// </summary>
public static class LocalStorage
{
    public const string RegionAAccount = "regiona";
    public const string RegionBAccount = "regionb";

    public static IResourceBuilder<ExecutableResource> AddLocalStorage(this IDistributedApplicationBuilder builder, LocalContext local)
    {
        var port = local.Settings.Ports.Storage;
        Directory.CreateDirectory(local.Settings.AzuriteData);
        var healthCheckKey = $"{ResourceNames.Storage}-listens";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new TcpHealthCheck(port), failureStatus: null, tags: null));

        return builder.AddExecutable(ResourceNames.Storage, Preflight.AzuriteBlobPath(local.Settings), local.Settings.AzuriteData,
                "--location", local.Settings.AzuriteData,
                "--blobHost", "127.0.0.1",
                "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                "--cert", local.Pki.ServerCertificatePath,
                "--key", local.Pki.ServerKeyPath,
                // Azurite 3.37 does not yet know the service version that Azure.Storage.Blobs 12.30 sends.
                "--skipApiVersionCheck",
                "--silent")
            .WithEnvironment("AZURITE_ACCOUNTS",
                ReferenceExpression.Create($"{RegionAAccount}:{local.Secrets.StorageRegionAKey};{RegionBAccount}:{local.Secrets.StorageRegionBKey}"))
            .WithEnvironment("NODE_EXTRA_CA_CERTS", local.Pki.CaCertificatePath)
            .WithEndpoint(port: port, targetPort: port, scheme: "https", name: "https", isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<ConnectionStringResource> AddStorageAccount(
        this IDistributedApplicationBuilder builder, string name, string account, IResourceBuilder<ParameterResource> key, LocalContext local)
    {
        var endpoint = $"https://127.0.0.1:{local.Settings.Ports.Storage.ToString(CultureInfo.InvariantCulture)}/{account}";
        return builder.AddConnectionString(name, ReferenceExpression.Create(
            $"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={key};BlobEndpoint={endpoint};"));
    }
}
