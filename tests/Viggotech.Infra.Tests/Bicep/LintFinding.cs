namespace Viggotech.Infra.Tests.Bicep;

/// <summary>One diagnostic reported by <c>bicep lint</c>.</summary>
public sealed record LintFinding(string File, int Line, string Level, string RuleId, string Message)
{
    public override string ToString() => $"{File}({Line}) {Level} {RuleId}: {Message}";
}
