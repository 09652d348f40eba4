using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.AppHost;
using Xunit;

namespace Viggotech.Testing.Platform;

/// <summary>
/// The whole platform, booted through the same AppHost as run mode, with its own data folder and
/// its own free ports so it never touches a developer's <c>.local/</c> data or running instance.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private static readonly string[] PortNames =
    [
        "PostgresPrimary", "PostgresReplica", "Redis", "Storage", "KeyVault", "MailWeb", "MailSmtp",
        "MailImap", "MailPop3", "ApiHttp", "ApiHttps", "WebHttp", "WebHttps",
    ];

    private readonly bool keepData;
    private DistributedApplication? app;

    public PlatformFixture()
        : this(CreateDataPath(), NewPorts(), keepData: false)
    {
    }

    /// <summary>A platform on a given data folder and ports, e.g. a second boot of the same platform; <paramref name="keepData"/> leaves the folder on dispose.</summary>
    protected PlatformFixture(string dataPath, IReadOnlyDictionary<string, int> ports, bool keepData)
    {
        DataPath = dataPath;
        Ports = ports;
        this.keepData = keepData;
    }

    public string DataPath { get; }

    public IReadOnlyDictionary<string, int> Ports { get; }

    public DistributedApplication App => app ?? throw new InvalidOperationException("The platform has not started.");

    public string CaCertificatePath => Path.Combine(DataPath, "pki", "ca.crt");

    /// <summary>An address on the test platforms' operator list (<c>Operators:Emails</c>).</summary>
    public const string OperatorEmail = "operator@example.test";

    /// <summary>More operator addresses, one per test that needs an operator of its own (an address is one account).</summary>
    public static readonly string[] MoreOperatorEmails = ["restore-operator-1@example.test", "restore-operator-2@example.test", "restore-operator-3@example.test",
        "restore-operator-4@example.test", "restore-operator-5@example.test", "restore-operator-6@example.test"];

    public static readonly string[] LongRunningResources =
    [
        ResourceNames.PostgresPrimary, ResourceNames.PostgresReplica, ResourceNames.Redis, ResourceNames.Storage,
        ResourceNames.KeyVault, ResourceNames.Mail, ResourceNames.Api, ResourceNames.Web, ResourceNames.Worker,
    ];

    public static readonly string[] CompletingResources =
    [
        ResourceNames.PostgresPrimaryInit, ResourceNames.PostgresReplicaInit, ResourceNames.Migrations,
    ];

    public virtual async Task InitializeAsync()
    {
        string[] args =
        [
            $"--Local:DataPath={DataPath}",
            "--Local:ThrowOnPreflightFailure=true",
            "--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00",
            $"--Operators:Emails={string.Join(',', [OperatorEmail, .. MoreOperatorEmails])}",
            // Tests wait for the data-key re-encryption after a rotation; production's 30 s interval would be most of that wait.
            "--Jobs:key-reencryption:Interval=00:00:02",
            // Likewise for the restores operators request (production looks every five seconds). Backups
            // keep their one-minute look: a new tenant is due for its first backup at once, and tests
            // see a new organisation before that backup exists.
            "--Jobs:operator-restores:Interval=00:00:01",
            .. Ports.Select(port => $"--Local:Ports:{port.Key}={port.Value}"),
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Viggotech_AppHost>(args, (options, _) =>
        {
            options.DisableDashboard = true;
            options.AllowUnsecuredTransport = true;
        });
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath));
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => IsIssuedByLocalCa(certificate, ca) },
            AllowAutoRedirect = false,
        }));

        app = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(StartupLimit);
        await using var watch = PlatformStartupWatch.Start(app, LongRunningResources, startup);
        try
        {
            await app.StartAsync(startup.Token);
            foreach (var resource in CompletingResources)
            {
                await app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Finished, startup.Token);
            }

            foreach (var resource in LongRunningResources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, startup.Token);
            }
        }
        catch (OperationCanceledException cancelled) when (startup.IsCancellationRequested)
        {
            throw new PlatformStartupException(
                $"The platform did not start{(watch.Failure is null ? $" within {StartupLimit.TotalMinutes} minutes" : string.Empty)}. Resources:\n{watch.Report()}",
                cancelled);
        }
    }

    /// <summary>How long a boot may take on a loaded 2-core machine before it counts as failed.</summary>
    public static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(4);

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (keepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A server still flushing its files must not fail the run; the folder is under /tmp.
        }
    }

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"No connection string {name}.");

    public HttpClient CreateHttpClient(string resource, string endpoint = "http") => App.CreateHttpClient(resource, endpoint);

    public Uri Endpoint(string resource, string endpoint = "http") => App.GetEndpoint(resource, endpoint);

    /// <summary>A client of the platform's Key Vault (the emulator), to look at the vault from outside the platform code.</summary>
    public Azure.Security.KeyVault.Secrets.SecretClient CreateSecretClient() =>
        new(Endpoint("keyvault", "https"), new KeyVault.EmulatorToken(), new Azure.Security.KeyVault.Secrets.SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new Azure.Core.Pipeline.HttpClientTransport(CreateTrustingHandler()),
        });

    /// <summary>A handler that trusts exactly the platform's local CA, for SDK clients (storage, Key Vault) in tests.</summary>
    public HttpMessageHandler CreateTrustingHandler()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath));
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => IsIssuedByLocalCa(certificate, ca) },
        };
    }

    private static bool IsIssuedByLocalCa(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>A free port for every local server.</summary>
    public static IReadOnlyDictionary<string, int> NewPorts() =>
        PortNames.Zip(FreePorts.Take(PortNames.Length)).ToDictionary(p => p.First, p => p.Second);

    public static string CreateDataPath()
    {
        var path = Directory.CreateTempSubdirectory("viggotech-test-").FullName;
        // PostgreSQL runs as user postgres and must reach its data folder inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return path;
    }
}

/// <summary>A platform boot that failed, with every resource's state and the last lines of those that were not running.</summary>
public sealed class PlatformStartupException(string message, Exception inner) : Exception(message, inner);
