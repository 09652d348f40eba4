using Microsoft.Extensions.Configuration;

namespace Viggotech.Core.Data.Provisioning;

/// <summary>
/// The three connection strings the migration step needs: a superuser to create roles and the
/// database, and the owner and app roles (their user names, passwords and the database name are
/// taken from these strings; the roles are created or updated to match). <see cref="Restore"/>,
/// when given, names the scratch database that backups are restore-tested in and the role that
/// owns it and nothing else.
/// </summary>
public sealed record ProvisioningConnectionStrings(string Admin, string Owner, string App, string? Restore = null)
{
    public static ProvisioningConnectionStrings FromConfiguration(IConfiguration configuration)
    {
        string[] names = [PlatformDatabase.AdminConnectionName, PlatformDatabase.OwnerConnectionName, PlatformDatabase.AppConnectionName];
        var missing = names.Where(name => string.IsNullOrWhiteSpace(configuration.GetConnectionString(name))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Missing connection string(s): {string.Join(", ", missing.Select(name => $"ConnectionStrings:{name}"))}.");
        }

        return new(
            configuration.GetConnectionString(PlatformDatabase.AdminConnectionName)!,
            configuration.GetConnectionString(PlatformDatabase.OwnerConnectionName)!,
            configuration.GetConnectionString(PlatformDatabase.AppConnectionName)!,
            configuration.GetConnectionString(PlatformDatabase.RestoreConnectionName) is { Length: > 0 } restore ? restore : null);
    }

    // The strings carry passwords; a record would print them.
    public override string ToString() => nameof(ProvisioningConnectionStrings);
}
