using System.Globalization;
using Spectre.Console;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Audit;

/// <summary>The summary printed after a verification: plain "name: value" lines that read well and grep well.</summary>
public sealed class VerificationReport(IAnsiConsole console)
{
    public void Write(AuditVerifySettings settings, AuditVerification result)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "bundle", settings.Bundle);
        if (result.Tenant is not null)
        {
            Row(grid, "tenant", result.Tenant);
            Row(grid, "keys", result.KeySource == AuditKeySource.Trusted
                ? $"{result.Keys} trusted, from {settings.Keys}"
                : $"{result.Keys} embedded in the bundle (proves consistency, not origin: pass --keys with the published JWKS)");
            Row(grid, "events", Number(result.Events));
            Row(grid, "sequence", result.FirstSequence is { } first ? $"{Number(first)} to {Number(result.LastSequence!.Value)}" : "none");
            Row(grid, "pruned", result.PrunedThrough > 0 ? $"1 to {Number(result.PrunedThrough)} (signed prune record)" : "none");
            Row(grid, "seals", result.Seals == 0
                ? "0"
                : $"{Number(result.Seals)}, sealed through {Number(result.SealedThrough)}"
                  + (result.LastSealedAt is { } at ? $" (last sealed {at:yyyy-MM-dd HH:mm:ss}Z, digest {result.LastSealHash})" : ""));
            if (result.IsValid)
            {
                Row(grid, "unsealed", result.UnsealedEvents == 0
                    ? "0"
                    : $"{Number(result.UnsealedEvents)} event(s) after the last seal: chained but not yet signed");
            }
        }
        var verdict = result.Verdict switch
        {
            AuditVerdict.Valid => "[green]VALID[/]",
            AuditVerdict.Invalid => "[red]INVALID[/]",
            _ => "[red]UNUSABLE[/]",
        };
        grid.AddRow(new Markup("verdict:"), new Markup(verdict));
        if (result.Problem is { } problem)
        {
            Row(grid, "first bad sequence", problem.Sequence is { } sequence ? Number(sequence) : "n/a");
            Row(grid, "problem", problem.Line is { } line ? $"{problem.Title} (line {Number(line)})" : problem.Title);
            Row(grid, "detail", problem.Message);
        }
        console.Write(grid);
    }

    private static void Row(Grid grid, string name, string value) => grid.AddRow(new Text(name + ":"), new Text(value));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
