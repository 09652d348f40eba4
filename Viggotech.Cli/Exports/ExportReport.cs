using System.Globalization;
using Spectre.Console;
using Viggotech.Core.Exports.Format;

namespace Viggotech.Cli.Exports;

internal static class ExportReport
{
    public static void Valid(IAnsiConsole console, ExportCheck check)
    {
        var manifest = check.Manifest;
        console.MarkupLineInterpolated($"tenant: {manifest.TenantName} ({manifest.TenantId})");
        console.MarkupLineInterpolated($"created: {manifest.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}");
        console.MarkupLineInterpolated($"people: {manifest.Counts.People}, documents: {manifest.Counts.Documents}, audit events: {manifest.Counts.AuditEvents}");
        console.MarkupLineInterpolated($"files: {manifest.Files.Count}, each matching its SHA-256 in the manifest");
        console.MarkupLine("verdict: [green]VALID[/]");
    }

    public static int Failed(IAnsiConsole console, ExportException e)
    {
        if (e.Problem == ExportProblem.Tampered)
        {
            console.MarkupLineInterpolated($"[red]problem:[/] {e.Message}");
            console.MarkupLine("verdict: [red]INVALID[/]");
            return ExitCodes.Invalid;
        }

        return Unusable(console, e.Message);
    }

    public static int Unusable(IAnsiConsole console, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        console.MarkupLine("verdict: [red]UNUSABLE[/]");
        return ExitCodes.Unusable;
    }
}
