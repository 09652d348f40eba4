using Aspire.Hosting.ApplicationModel;

namespace Viggotech.AppHost.Local;

/// <summary>Everything the local servers share: settings, generated secrets as secret parameters, the local CA.</summary>
public sealed class LocalContext
{
    private LocalContext(LocalSettings settings, LocalSecrets values, LocalCertificateAuthority pki, string postgresBin, LocalSecretParameters secrets)
    {
        Settings = settings;
        Values = values;
        Pki = pki;
        PostgresBin = postgresBin;
        Secrets = secrets;
    }

    public LocalSettings Settings { get; }

    /// <summary>Raw secret values, for the AppHost's own health checks only.</summary>
    public LocalSecrets Values { get; }

    /// <summary>The same secrets as secret parameters: masked in the dashboard, resolved at start.</summary>
    public LocalSecretParameters Secrets { get; }

    public LocalCertificateAuthority Pki { get; }
    public string PostgresBin { get; }

    public static LocalContext Prepare(IDistributedApplicationBuilder builder)
    {
        var settings = LocalSettings.From(builder.Configuration, builder.AppHostDirectory);
        var postgresBin = Preflight.Check(settings);
        var values = LocalSecrets.LoadOrCreate(settings.DataPath);
        var pki = LocalCertificateAuthority.Ensure(settings.PkiData);
        return new LocalContext(settings, values, pki, postgresBin, new LocalSecretParameters(builder, values));
    }
}

public sealed class LocalSecretParameters(IDistributedApplicationBuilder builder, LocalSecrets values)
{
    public IResourceBuilder<ParameterResource> PostgresSuperuser { get; } = Secret(builder, "pg-superuser-password", values.PostgresSuperuser);
    public IResourceBuilder<ParameterResource> PostgresReplication { get; } = Secret(builder, "pg-replication-password", values.PostgresReplication);
    public IResourceBuilder<ParameterResource> DatabaseOwner { get; } = Secret(builder, "db-owner-password", values.DatabaseOwner);
    public IResourceBuilder<ParameterResource> DatabaseApp { get; } = Secret(builder, "db-app-password", values.DatabaseApp);
    public IResourceBuilder<ParameterResource> DatabaseRestore { get; } = Secret(builder, "db-restore-password", values.DatabaseRestore);
    public IResourceBuilder<ParameterResource> Redis { get; } = Secret(builder, "redis-password", values.Redis);
    public IResourceBuilder<ParameterResource> StorageRegionAKey { get; } = Secret(builder, "storage-a-key", values.StorageRegionAKey);
    public IResourceBuilder<ParameterResource> StorageRegionBKey { get; } = Secret(builder, "storage-b-key", values.StorageRegionBKey);
    public IResourceBuilder<ParameterResource> PortalClientSecret { get; } = Secret(builder, "portal-client-secret", values.PortalClientSecret);

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name, string value) =>
        builder.AddParameter(name, () => value, secret: true);
}
