using System.ComponentModel;
using Spectre.Console.Cli;

namespace Viggotech.Cli.Audit;

public sealed class AuditVerifySettings : CommandSettings
{
    [CommandArgument(0, "<bundle>")]
    [Description("The audit export bundle (.ndjson, or .ndjson.gz).")]
    public string Bundle { get; init; } = "";

    [CommandOption("--keys <JWKS>")]
    [Description("The audit public keys (JWKS) downloaded from /.well-known/viggotech-audit-keys. Without it the keys inside the bundle are used, which proves the bundle is consistent but not that Viggotech signed it.")]
    public string? Keys { get; init; }
}
