using Spectre.Console;
using Spectre.Console.Cli;
using Viggotech.Core.Exports;
using Viggotech.Core.Exports.Format;

namespace Viggotech.Cli.Exports;

/// <summary><c>export decrypt &lt;export&gt; --out &lt;zip&gt;</c>: writes the ZIP only when the whole export checks out; exit codes as <c>export verify</c>.</summary>
public sealed class ExportDecryptCommand(IAnsiConsole console) : AsyncCommand<ExportDecryptSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExportDecryptSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Export))
        {
            return ExportReport.Unusable(console, $"The export \"{settings.Export}\" does not exist.");
        }

        if (string.IsNullOrWhiteSpace(settings.Out))
        {
            return ExportReport.Unusable(console, "Name the ZIP to write with --out.");
        }

        if (File.Exists(settings.Out) || Directory.Exists(settings.Out))
        {
            return ExportReport.Unusable(console, $"\"{settings.Out}\" already exists; it is not overwritten.");
        }

        var (passphrase, problem) = await Passphrase.ReadAsync(console, settings.PassphraseFile, cancellationToken);
        if (passphrase is null)
        {
            return ExportReport.Unusable(console, problem!);
        }

        await using var file = File.OpenRead(settings.Export);
        try
        {
            var check = await ExportVerifier.DecryptToFileAsync(file, passphrase, settings.Out, cancellationToken);
            ExportReport.Valid(console, check);
            console.MarkupLineInterpolated($"written: {settings.Out}");
            return ExitCodes.Valid;
        }
        catch (ExportException e)
        {
            return ExportReport.Failed(console, e);
        }
    }
}
