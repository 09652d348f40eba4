using Viggotech.Core.Backups.Restore;

namespace Viggotech.Worker.Backups;

/// <summary>
/// <c>Viggotech.Worker restore-sandbox --tenant &lt;id&gt; --backup &lt;id&gt; --operator &lt;name&gt; --reason &lt;text&gt;</c>:
/// an operator's restore of one of a tenant's backups into a new sandbox tenant, run where the
/// Worker runs (with its configuration and identity). The tenant itself is not touched, so no
/// typed confirmation is asked for. Prints the sandbox's id and slug. Exit 0 restored, 1 the
/// restore failed (the tenant unchanged), 2 refused or bad arguments.
/// </summary>
internal static class SandboxRestoreCommand
{
    public const string Name = "restore-sandbox";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = RestoreCommand.Options(args);
        if (!options.TryGetValue("--tenant", out var tenant) || !Guid.TryParse(tenant, out var tenantId)
            || !options.TryGetValue("--backup", out var backup) || !Guid.TryParse(backup, out var backupId)
            || !options.TryGetValue("--operator", out var operatorName) || !options.TryGetValue("--reason", out var reason))
        {
            await Console.Error.WriteLineAsync("usage: restore-sandbox --tenant <id> --backup <id> --operator <name> --reason <text>");
            return 2;
        }

        using var host = RestoreCommand.BuildHost();
        try
        {
            var result = await host.Services.GetRequiredService<SandboxRestore>().RestoreAsync(new SandboxRestoreRequest(tenantId, backupId, operatorName, reason));
            Console.WriteLine(result.Succeeded
                ? $"restored into sandbox tenant {result.SandboxTenantId:D} ({result.SandboxSlug}): {result.RowsRestored} rows, {result.DocumentsRestored} documents (restore {result.RestoreId})"
                : $"restore failed, tenant unchanged: {result.Error} (restore {result.RestoreId})");
            return result.Succeeded ? 0 : 1;
        }
        catch (RestoreRefusedException e)
        {
            await Console.Error.WriteLineAsync($"refused ({e.Field}): {e.Message}");
            return 2;
        }
    }
}
