using System.ComponentModel;
using Spectre.Console.Cli;

namespace Viggotech.Cli.Backups;

public sealed class BackupVerifySettings : CommandSettings
{
    [CommandArgument(0, "<manifest>")]
    [Description("The backup's manifest.json.")]
    public string Manifest { get; init; } = "";

    [CommandOption("--parts <DIR>")]
    [Description("The folder holding the backup's parts (.vgtb); by default the manifest's folder.")]
    public string? Parts { get; init; }

    [CommandOption("--keys <JWKS>")]
    [Description("The published backup signing keys (JWKS). Without it the key inside the manifest is used, which proves consistency but not that Viggotech signed it.")]
    public string? Keys { get; init; }
}
