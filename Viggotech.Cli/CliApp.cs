using Spectre.Console;
using Spectre.Console.Cli;
using Viggotech.Cli.Audit;

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
            // Data exports and backups get their own branch here ("export verify", "export decrypt").

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
