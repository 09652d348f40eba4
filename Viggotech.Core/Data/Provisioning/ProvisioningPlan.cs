using Npgsql;

namespace Viggotech.Core.Data.Provisioning;

/// <summary>What the provisioner will create, read from and checked against the three connection strings.</summary>
internal sealed record ProvisioningPlan(
    string AdminConnectionString,
    string OwnerConnectionString,
    string Database,
    DatabaseRole Owner,
    DatabaseRole App)
{
    public static ProvisioningPlan From(ProvisioningConnectionStrings connectionStrings)
    {
        var admin = Parse(connectionStrings.Admin, PlatformDatabase.AdminConnectionName);
        var owner = Parse(connectionStrings.Owner, PlatformDatabase.OwnerConnectionName);
        var app = Parse(connectionStrings.App, PlatformDatabase.AppConnectionName);

        var database = Require(owner.Database, PlatformDatabase.OwnerConnectionName, "Database");
        if (!string.Equals(app.Database, database, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{PlatformDatabase.AppConnectionName} and ConnectionStrings:{PlatformDatabase.OwnerConnectionName} name different databases.");
        }

        var ownerRole = new DatabaseRole(
            Require(owner.Username, PlatformDatabase.OwnerConnectionName, "Username"),
            Require(owner.Password, PlatformDatabase.OwnerConnectionName, "Password"));
        var appRole = new DatabaseRole(
            Require(app.Username, PlatformDatabase.AppConnectionName, "Username"),
            Require(app.Password, PlatformDatabase.AppConnectionName, "Password"));

        // The app role must be a role of its own: sharing the owner's or the admin's identity
        // would put it above row-level security (and the admin would lose SUPERUSER below).
        var distinct = new[] { admin.Username, ownerRole.Name, appRole.Name }.Distinct(StringComparer.Ordinal).Count();
        if (distinct != 3)
        {
            throw new InvalidOperationException("The admin, owner and app connection strings must use three different user names.");
        }

        if (string.IsNullOrEmpty(admin.Database))
        {
            admin.Database = "postgres";
        }

        return new(ForProvisioning(admin), ForProvisioning(owner), database, ownerRole, appRole);
    }

    private static NpgsqlConnectionStringBuilder Parse(string connectionString, string name)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }

    private static string Require(string? value, string connectionName, string keyword) =>
        string.IsNullOrEmpty(value)
            ? throw new InvalidOperationException($"ConnectionStrings:{connectionName} has no {keyword}.")
            : value;

    // Provisioning runs once and writes: no idle pooled sessions left behind, always the primary.
    private static string ForProvisioning(NpgsqlConnectionStringBuilder builder)
    {
        builder.Pooling = false;
        return ReadWriteTarget.Apply(builder.ConnectionString);
    }

    public override string ToString() => $"database {Database}, owner {Owner}, app {App}";
}
