using Spectre.Console;
using Spectre.Console.Cli;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Format;

namespace Viggotech.Cli.Exports;

/// <summary><c>export verify &lt;export&gt;</c>: exit 0 valid, 1 tampered, 2 could not check (not an export, wrong passphrase).</summary>
public sealed class ExportVerifyCommand(IAnsiConsole console) : AsyncCommand<ExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Export))
        {
            return ExportReport.Unusable(console, $"The export \"{settings.Export}\" does not exist.");
        }

        var (passphrase, problem) = await Passphrase.ReadAsync(console, settings.PassphraseFile, cancellationToken);
        if (passphrase is null)
        {
            return ExportReport.Unusable(console, problem!);
        }

        await using var file = File.OpenRead(settings.Export);
        try
        {
            var check = await ExportVerifier.VerifyAsync(file, passphrase, cancellationToken);
            ExportReport.Valid(console, check);
            return ExitCodes.Valid;
        }
        catch (ExportException e)
        {
            return ExportReport.Failed(console, e);
        }
    }
}
