using Microsoft.EntityFrameworkCore;
using Npgsql;
using Viggotech.Core.Data;
using Viggotech.Core.Data.Provisioning;
using Viggotech.Testing.Processes;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Provisioning;

/// <summary><c>Viggotech.Worker migrate</c>, run as the AppHost's migrations resource runs it.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class MigrateCommandTests(PlatformDatabaseFixture fixture)
{
    [Fact]
    public async Task Migrate_applies_the_migrations_and_exits_zero()
    {
        var connectionStrings = FreshPlatform.ConnectionStrings(fixture.Platform.Server);

        var (exitCode, output, error) = await WorkerProcess.RunAsync(Environment(connectionStrings), "migrate");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}{output}");
        Assert.Equal(string.Empty, error);
        await using var owner = new NpgsqlConnection(connectionStrings.Owner);
        await owner.OpenAsync();
        await using var scope = fixture.Platform.WithoutTenant();
        Assert.Equal(
            scope.Db.Database.GetMigrations().ToList(),
            await owner.ListAsync<string>("select migration_id from \"__EFMigrationsHistory\" order by 1"));
    }

    [Fact]
    public async Task Migrate_with_a_wrong_password_exits_non_zero_with_one_line()
    {
        var connectionStrings = FreshPlatform.ConnectionStrings(fixture.Platform.Server);
        var wrongAdmin = connectionStrings with { Admin = FreshPlatform.WithPassword(connectionStrings.Admin, "wrong") };

        var (exitCode, _, error) = await WorkerProcess.RunAsync(Environment(wrongAdmin), "migrate");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Contains("password authentication failed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_that_cannot_reach_the_server_exits_non_zero_with_one_line()
    {
        var connectionStrings = FreshPlatform.ConnectionStrings(fixture.Platform.Server);
        var host = $"127.0.0.1:{FreshPlatform.ClosedPort()}";
        var unreachable = new ProvisioningConnectionStrings(
            FreshPlatform.WithHost(connectionStrings.Admin, host),
            FreshPlatform.WithHost(connectionStrings.Owner, host),
            FreshPlatform.WithHost(connectionStrings.App, host));

        var (exitCode, _, error) = await WorkerProcess.RunAsync(Environment(unreachable), "migrate");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Contains("Failed to connect", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_without_connection_strings_exits_non_zero_naming_them()
    {
        var (exitCode, _, error) = await WorkerProcess.RunAsync(new Dictionary<string, string>(), "migrate");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Contains($"ConnectionStrings:{PlatformDatabase.AdminConnectionName}", line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(ProvisioningConnectionStrings connectionStrings) => new()
    {
        [$"ConnectionStrings__{PlatformDatabase.AdminConnectionName}"] = connectionStrings.Admin,
        [$"ConnectionStrings__{PlatformDatabase.OwnerConnectionName}"] = connectionStrings.Owner,
        [$"ConnectionStrings__{PlatformDatabase.AppConnectionName}"] = connectionStrings.App,
    };

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
