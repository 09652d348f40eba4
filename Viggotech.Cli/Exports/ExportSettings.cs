using System.ComponentModel;
using Spectre.Console.Cli;

namespace Viggotech.Cli.Exports;

public class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<export>")]
    [Description("The encrypted export (.vgtexport) downloaded from the portal.")]
    public string Export { get; init; } = "";

    [CommandOption("--passphrase-file <PATH>")]
    [Description("A file whose first line is the passphrase. Without it: the VIGGOTECH_EXPORT_PASSPHRASE environment variable, else a prompt (or a line on standard input).")]
    public string? PassphraseFile { get; init; }
}

public sealed class ExportDecryptSettings : ExportSettings
{
    [CommandOption("-o|--out <ZIP>")]
    [Description("Where to write the decrypted ZIP; it must not exist yet. It is written only if the whole export checks out.")]
    public string Out { get; init; } = "";
}
