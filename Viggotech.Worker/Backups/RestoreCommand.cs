using Viggotech.Core.Backups.Restore;

namespace Viggotech.Worker.Backups;

/// <summary>
/// <c>Viggotech.Worker restore --tenant &lt;id&gt; --backup &lt;id&gt; --operator &lt;name&gt; --reason &lt;text&gt; --confirm "restore &lt;slug&gt;"</c>:
/// an operator's in-place restore of a tenant from one of its backups, run where the Worker runs
/// (with its configuration and identity), checked in the scratch database first and recorded in the
/// tenant's audit trail. Exit 0 restored, 1 the restore failed (nothing changed), 2 refused or bad arguments.
/// </summary>
internal static class RestoreCommand
{
    public const string Name = "restore";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args);
        if (!options.TryGetValue("--tenant", out var tenant) || !Guid.TryParse(tenant, out var tenantId)
            || !options.TryGetValue("--backup", out var backup) || !Guid.TryParse(backup, out var backupId)
            || !options.TryGetValue("--operator", out var operatorName) || !options.TryGetValue("--reason", out var reason))
        {
            await Console.Error.WriteLineAsync("usage: restore --tenant <id> --backup <id> --operator <name> --reason <text> --confirm \"restore <tenant slug>\"");
            return 2;
        }

        using var host = BuildHost();
        try
        {
            var result = await host.Services.GetRequiredService<TenantRestore>().RestoreInPlaceAsync(
                new TenantRestoreRequest(tenantId, backupId, operatorName, reason, options.GetValueOrDefault("--confirm") ?? ""));
            Console.WriteLine(result.Succeeded
                ? $"restored: {result.RowsRestored} rows, {result.DocumentsRestored} document blobs written back (restore {result.RestoreId})"
                : $"restore failed, nothing changed: {result.Error} (restore {result.RestoreId})");
            return result.Succeeded ? 0 : 1;
        }
        catch (RestoreRefusedException e)
        {
            await Console.Error.WriteLineAsync($"refused ({e.Field}): {e.Message}");
            return 2;
        }
    }

    /// <summary>Configured as the Worker service is (environment, appsettings); the arguments are the restore's own.</summary>
    internal static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddBasicServiceDefaults();
        builder.AddPlatformData();
        builder.AddPlatformKeyVault();
        builder.AddAuditTrail();
        builder.AddPlatformEncryption();
        builder.AddPeople();
        builder.AddDocuments();
        builder.AddBackups();
        return builder.Build();
    }

    internal static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] is "--tenant" or "--backup" or "--operator" or "--reason" or "--confirm")
            {
                options[args[i]] = args[++i];
            }
        }

        return options;
    }
}
