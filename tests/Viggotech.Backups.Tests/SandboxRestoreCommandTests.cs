using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Data;
using Viggotech.Core.People;
using Viggotech.Testing.Processes;

namespace Viggotech.Backups.Tests;

/// <summary>The operator's command, run as the Worker process with the Worker's configuration.</summary>
[Collection(BackupPlatformCollection.Name)]
public sealed partial class SandboxRestoreCommandTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task Restore_sandbox_restores_into_a_new_tenant_and_prints_it()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);

        var (exitCode, output, error) = await WorkerProcess.RunAsync(WorkerEnvironment(), "restore-sandbox",
            "--tenant", tenantId.ToString(), "--backup", backup.BackupId.ToString(), "--operator", "operator@viggotech.example", "--reason", "ticket 61");

        Assert.True(exitCode == 0, $"exit {exitCode}: {output} {error}");
        var sandboxId = Guid.Parse(SandboxTenant().Match(output).Groups[1].Value);
        await using var scope = fixture.Platform.ForTenant(sandboxId);
        var people = await scope.Services.GetRequiredService<PeopleRepository>().ListAsync(1, 10);
        Assert.Equal(["Person 0", "Person 1"], people.Items.Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Restore_sandbox_without_a_reason_is_refused_with_exit_code_2()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        var backup = await fixture.BackupAsync(tenantId);

        var (exitCode, _, error) = await WorkerProcess.RunAsync(WorkerEnvironment(), "restore-sandbox",
            "--tenant", tenantId.ToString(), "--backup", backup.BackupId.ToString(), "--operator", "operator@viggotech.example", "--reason", " ");

        Assert.Equal(2, exitCode);
        Assert.Contains("refused (reason)", error, StringComparison.Ordinal);
    }

    private Dictionary<string, string> WorkerEnvironment()
    {
        var environment = fixture.Settings.Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value!);
        environment[$"ConnectionStrings__{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App;
        environment[$"ConnectionStrings__{PlatformDatabase.RestoreConnectionName}"] = fixture.Platform.ConnectionStrings.Restore!;
        // The Key Vault emulator's self-signed certificate is the only root the process trusts.
        environment["SSL_CERT_FILE"] = fixture.KeyVault.CertificatePath;
        return environment;
    }

    [GeneratedRegex("sandbox tenant ([0-9a-f-]{36})")]
    private static partial Regex SandboxTenant();
}
