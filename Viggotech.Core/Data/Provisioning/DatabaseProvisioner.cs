using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Data.Provisioning;

/// <summary>
/// Brings a PostgreSQL server to the state the platform needs, idempotently: the owner and app
/// login roles (passwords re-applied every run), the database owned by the owner, the schema
/// migrated as the owner, and the app role's grants. Run by the Worker's <c>migrate</c> step.
/// </summary>
public sealed class DatabaseProvisioner(ProvisioningConnectionStrings connectionStrings, ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<DatabaseProvisioner>();

    public async Task ProvisionAsync(CancellationToken cancellationToken = default)
    {
        var plan = ProvisioningPlan.From(connectionStrings);

        await using (var admin = await OpenAsync(plan.AdminConnectionString, cancellationToken))
        {
            foreach (var role in new[] { plan.Owner, plan.App })
            {
                var created = await LoginRoles.EnsureAsync(admin, role, cancellationToken);
                logger.LogInformation("{Action} role {Role}", created ? "Created" : "Updated", role.Name);
            }

            await LoginRoles.EnsureNotMemberAsync(admin, plan.App, plan.Owner, cancellationToken);

            if (await PlatformDatabaseCreation.EnsureAsync(admin, plan.Database, plan.Owner, cancellationToken))
            {
                logger.LogInformation("Created database {Database} owned by {Owner}", plan.Database, plan.Owner.Name);
            }
        }

        await using (var owner = await OpenAsync(plan.OwnerConnectionString, cancellationToken))
        {
            await AppRolePrivileges.RestrictDatabaseAsync(owner, plan.Database, plan.App, cancellationToken);
        }

        await MigrateAsync(plan, cancellationToken);

        await using (var owner = await OpenAsync(plan.OwnerConnectionString, cancellationToken))
        {
            await AppRolePrivileges.GrantAsync(owner, plan.App, cancellationToken);
        }

        logger.LogInformation("Database {Database} is provisioned", plan.Database);
    }

    private async Task MigrateAsync(ProvisioningPlan plan, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>()
            .UseNpgsql(plan.OwnerConnectionString)
            .UseLoggerFactory(loggerFactory)
            .Options;
        await using var db = new PlatformDbContext(options, new TenantContext());

        // Reading the history of a fresh database would first fail (and log an error) on the
        // missing history table; an empty table reads cleanly.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Schema of {Database} is up to date", plan.Database);
            return;
        }

        logger.LogInformation("Applying migrations to {Database}: {Migrations}", plan.Database, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
