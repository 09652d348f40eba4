using Spectre.Console;
using Spectre.Console.Cli;
using Viggotech.Cli.Audit;
using Viggotech.Cli.Backups;
using Viggotech.Cli.Exports;

namespace Viggotech.Cli;

public static class CliApp
{
    public static CommandApp Create(IAnsiConsole? console = null)
    {
        if (console is null && Console.IsOutputRedirected)
        {
            // Reports go to files and scripts: one line per fact, never wrapped at 80 columns.
            AnsiConsole.Profile.Width = 4096;
        }
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("viggotech");
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }
            config.AddBranch("audit", audit =>
            {
                audit.SetDescription("Audit trail exports.");
                audit.AddCommand<AuditVerifyCommand>("verify")
                    .WithDescription("Check an audit export offline: hash chain, seal signatures and completeness.")
                    .WithExample("audit", "verify", "audit-export.ndjson.gz", "--keys", "viggotech-audit-keys.json");
            });
            config.AddBranch("export", export =>
            {
                export.SetDescription("Encrypted data exports downloaded from the portal.");
                export.AddCommand<ExportVerifyCommand>("verify")
                    .WithDescription("Check an export offline: passphrase, every chunk's authentication, every file against the manifest's SHA-256.")
                    .WithExample("export", "verify", "viggotech-export.vgtexport", "--passphrase-file", "passphrase.txt");
                export.AddCommand<ExportDecryptCommand>("decrypt")
                    .WithDescription("Decrypt an export to a ZIP, written only if the whole export checks out.")
                    .WithExample("export", "decrypt", "viggotech-export.vgtexport", "--out", "export.zip");
            });
            config.AddBranch("backup", backup =>
            {
                backup.SetDescription("Backups downloaded from storage.");
                backup.AddCommand<BackupVerifyCommand>("verify")
                    .WithDescription("Check a backup offline: manifest signature, every part's SHA-256 and the whole backup's.")
                    .WithExample("backup", "verify", "manifest.json", "--keys", "viggotech-backup-keys.json");
            });

            // Usage errors (unknown option, missing bundle path) mean the input could not be checked.
            config.SetExceptionHandler((exception, _) =>
            {
                (console ?? AnsiConsole.Console).MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return ExitCodes.Unusable;
            });
        });
        return app;
    }
}
