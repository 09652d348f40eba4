using Viggotech.Infra.Tests.Bicep;

namespace Viggotech.Infra.Tests.Baseline;

[Collection(BicepCollection.Name)]
public sealed class SecurityBaselineTests(BicepCompilation compilation)
{
    private readonly SecurityBaseline baseline = new(compilation.Template());

    [Fact]
    public void Storage_requires_tls12_and_https_and_identity_and_allows_no_public_blobs() => Holds(baseline.Storage());

    [Fact]
    public void Backups_in_the_secondary_region_are_write_once() => Holds(baseline.BackupImmutability());

    [Fact]
    public void Redis_requires_tls12_and_entra_id() => Holds(baseline.Redis());

    [Fact]
    public void Postgres_requires_tls12_and_entra_id_tokens() => Holds(baseline.Postgres());

    [Fact]
    public void Postgres_is_zone_redundant_in_the_primary_with_a_read_replica_in_the_secondary() => Holds(baseline.PostgresReplica());

    [Fact]
    public void Key_vault_uses_rbac_with_90_day_soft_delete_and_purge_protection() => Holds(baseline.KeyVault());

    [Fact]
    public void App_settings_carry_no_secrets() => Holds(baseline.AppSecrets());

    [Fact]
    public void Apps_run_as_user_assigned_identities() => Holds(baseline.AppIdentities());

    [Fact]
    public void Role_assignments_are_least_privilege_and_scoped_to_one_resource() => Holds(baseline.RoleAssignments());

    [Fact]
    public void Both_regions_are_parameters_and_every_resource_is_in_one_of_them() => Holds(baseline.Regions());

    [Fact]
    public void Front_door_fails_over_between_regions_on_the_health_probe() => Holds(baseline.FrontDoor());

    [Fact]
    public void Worker_schedules_run_in_the_primary_region_only() => Holds(baseline.WorkerSchedules());

    [Fact]
    public void Both_regions_send_logs_and_traces_to_azure_monitor() => Holds(baseline.Telemetry());

    [Fact]
    public void Compiled_template_meets_the_whole_baseline() => Holds(baseline.Violations());

    private static void Holds(IEnumerable<string> violations)
    {
        var found = violations.ToArray();
        Assert.True(found.Length == 0, string.Join('\n', found));
    }
}
