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
/// migrated as the owner, the app role's grants, and the operator list (<paramref name="operatorEmails"/>,
/// from <c>Operators:Emails</c>; null leaves the list as it is). Run by the Worker's <c>migrate</c> step.
/// </summary>
public sealed class DatabaseProvisioner(ProvisioningConnectionStrings connectionStrings, ILoggerFactory loggerFactory, IReadOnlyList<string>? operatorEmails = null)
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

        await MigrateAsync(plan.OwnerConnectionString, plan.Database, cancellationToken);

        await using (var owner = await OpenAsync(plan.OwnerConnectionString, cancellationToken))
        {
            await AppRolePrivileges.GrantAsync(owner, plan.App, cancellationToken);
            if (operatorEmails is not null)
            {
                var (added, removed) = await Viggotech.Core.Operators.PlatformOperators.SyncAsync(owner, operatorEmails, cancellationToken);
                logger.LogInformation("Operator list: {Count} configured, {Added} added, {Removed} removed", operatorEmails.Count, added, removed);
            }
        }

        logger.LogInformation("Database {Database} is provisioned", plan.Database);

        if (connectionStrings.Restore is { } restore)
        {
            await ProvisionScratchAsync(plan, restore, cancellationToken);
        }
    }

    // The scratch database: its own login role owns it and the schema in it (restores lift
    // row-level security and triggers there, which takes the owner), and it holds no role of the
    // platform database, nor does anyone else get to connect.
    private async Task ProvisionScratchAsync(ProvisioningPlan plan, string restoreConnectionString, CancellationToken cancellationToken)
    {
        var restore = new NpgsqlConnectionStringBuilder(restoreConnectionString);
        var role = new DatabaseRole(
            restore.Username ?? throw new InvalidOperationException($"ConnectionStrings:{PlatformDatabase.RestoreConnectionName} has no Username."),
            restore.Password ?? throw new InvalidOperationException($"ConnectionStrings:{PlatformDatabase.RestoreConnectionName} has no Password."));
        var database = restore.Database ?? throw new InvalidOperationException($"ConnectionStrings:{PlatformDatabase.RestoreConnectionName} has no Database.");
        if (database == plan.Database || role.Name == plan.Owner.Name || role.Name == plan.App.Name)
        {
            throw new InvalidOperationException("The scratch database and its role must differ from the platform database and its roles.");
        }

        await using (var admin = await OpenAsync(plan.AdminConnectionString, cancellationToken))
        {
            await LoginRoles.EnsureAsync(admin, role, cancellationToken);
            await LoginRoles.EnsureNotMemberAsync(admin, role, plan.Owner, cancellationToken);
            await LoginRoles.EnsureNotMemberAsync(admin, plan.App, role, cancellationToken);
            await PlatformDatabaseCreation.EnsureAsync(admin, database, role, cancellationToken);
            await using var revoke = new NpgsqlCommand($"REVOKE ALL ON DATABASE {SqlIdentifier.Quote(database)} FROM PUBLIC", admin);
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }

        restore.Pooling = false;
        await MigrateAsync(ReadWriteTarget.Apply(restore.ConnectionString), database, cancellationToken);
        logger.LogInformation("Scratch database {Database} for restore tests is provisioned", database);
    }

    private async Task MigrateAsync(string ownerConnectionString, string database, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>()
            .UseNpgsql(ownerConnectionString)
            .UseLoggerFactory(loggerFactory)
            .Options;
        await using var db = new PlatformDbContext(options, new TenantContext());

        // Reading the history of a fresh database would first fail (and log an error) on the
        // missing history table; an empty table reads cleanly.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Schema of {Database} is up to date", database);
            return;
        }

        logger.LogInformation("Applying migrations to {Database}: {Migrations}", database, string.Join(", ", pending));
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
