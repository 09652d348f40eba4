using System.Globalization;
using Spectre.Console;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Audit;

/// <summary>The summary printed after a verification: "name: value" lines that read well and grep well.</summary>
public sealed class VerificationReport(IAnsiConsole console)
{
    private const int NameWidth = 20;

    public void Write(AuditVerifySettings settings, AuditVerification result)
    {
        Line("bundle", settings.Bundle);
        if (result.Tenant is not null)
        {
            Line("tenant", result.Tenant);
            Line("keys", result.KeySource == AuditKeySource.Trusted
                ? $"{result.Keys} trusted, from {settings.Keys}"
                : $"{result.Keys} embedded in the bundle (proves consistency, not origin: pass --keys with the published JWKS)");
            Line("events", Number(result.Events));
            Line("sequence", result.FirstSequence is { } first ? $"{Number(first)} to {Number(result.LastSequence!.Value)}" : "none");
            Line("pruned", result.PrunedThrough > 0 ? $"1 to {Number(result.PrunedThrough)} (signed prune record)" : "none");
            Line("seals", result.Seals == 0 ? "0" : $"{Number(result.Seals)}, sealed through {Number(result.SealedThrough)}");
            if (result.LastSealedAt is { } sealedAt)
            {
                // Lets the customer compare the newest seal with one obtained elsewhere (the portal, the API).
                Line("last seal", $"{AuditTimeText(sealedAt)}, digest {result.LastSealHash}");
            }
            if (result.IsValid)
            {
                Line("unsealed", result.UnsealedEvents == 0
                    ? "0"
                    : $"{Number(result.UnsealedEvents)} event(s) after the last seal: chained but not yet signed");
                if (result.Events > 0 && result.SealedThrough == 0)
                {
                    console.MarkupLine("[yellow]warning:[/] no seal covers any event, so nothing in this bundle is signed yet.");
                }
            }
        }

        var verdict = result.Verdict switch
        {
            AuditVerdict.Valid => "[green]VALID[/]",
            AuditVerdict.Invalid => "[red]INVALID[/]",
            _ => "[red]UNUSABLE[/]",
        };
        console.MarkupLine(Markup.Escape(Name("verdict")) + verdict);
        if (result.Problem is { } problem)
        {
            Line("first bad sequence", problem.Sequence is { } sequence ? Number(sequence) : "n/a");
            Line("problem", problem.Line is { } line ? $"{problem.Title} (line {Number(line)})" : problem.Title);
            Line("detail", problem.Message);
        }
    }

    private void Line(string name, string value) => console.WriteLine(Name(name) + value);

    private static string Name(string name) => (name + ":").PadRight(NameWidth);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string AuditTimeText(DateTimeOffset time) => Viggotech.Core.Audit.AuditTime.ToText(time);
}
