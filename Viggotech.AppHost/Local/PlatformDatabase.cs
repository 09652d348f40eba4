using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Viggotech.AppHost.Local;

/// <summary>
/// The platform database's three connection strings. All list both hosts with a read-write target,
/// so after region B is promoted the services (and the migration step) follow it without a config
/// change; a host's role is rechecked every second rather than Npgsql's default ten, which would
/// otherwise dominate the recovery time after a failover.
/// </summary>
public sealed record PlatformDatabase(
    IResourceBuilder<ConnectionStringResource> Admin,
    IResourceBuilder<ConnectionStringResource> Owner,
    IResourceBuilder<ConnectionStringResource> App,
    IResourceBuilder<ConnectionStringResource> Restore)
{
    public const string DatabaseName = "viggotech";
    public const string OwnerRole = "viggotech_owner";
    public const string AppRole = "viggotech_app";
    public const string RestoreDatabaseName = "viggotech_restore";
    public const string RestoreRole = "viggotech_restore";

    public static PlatformDatabase Add(IDistributedApplicationBuilder builder, LocalContext local)
    {
        var primary = local.Settings.Ports.PostgresPrimary.ToString(CultureInfo.InvariantCulture);
        var replica = local.Settings.Ports.PostgresReplica.ToString(CultureInfo.InvariantCulture);
        var tls = $"SSL Mode=VerifyFull;Root Certificate={local.Pki.CaCertificatePath}";
        var hosts = $"Host=127.0.0.1:{primary},127.0.0.1:{replica};Target Session Attributes=read-write;Host Recheck Seconds=1";

        var admin = builder.AddConnectionString(ResourceNames.ConnectionStrings.DatabaseAdmin, ReferenceExpression.Create(
            $"{hosts};Username=postgres;Password={local.Secrets.PostgresSuperuser};Database=postgres;{tls}"));
        var owner = builder.AddConnectionString(ResourceNames.ConnectionStrings.DatabaseOwner, ReferenceExpression.Create(
            $"{hosts};Username={OwnerRole};Password={local.Secrets.DatabaseOwner};Database={DatabaseName};{tls}"));
        var app = builder.AddConnectionString(ResourceNames.ConnectionStrings.Database, ReferenceExpression.Create(
            $"{hosts};Username={AppRole};Password={local.Secrets.DatabaseApp};Database={DatabaseName};{tls}"));
        var restore = builder.AddConnectionString(ResourceNames.ConnectionStrings.DatabaseRestore, ReferenceExpression.Create(
            $"{hosts};Username={RestoreRole};Password={local.Secrets.DatabaseRestore};Database={RestoreDatabaseName};{tls}"));
        return new PlatformDatabase(admin, owner, app, restore);
    }
}
