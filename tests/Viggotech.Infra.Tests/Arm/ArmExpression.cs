using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Viggotech.Infra.Tests.Arm;

/// <summary>Small helpers for ARM template expressions (<c>"[...]"</c> strings).</summary>
public static partial class ArmExpression
{
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);

    /// <summary>The text of a value as it would be written inside another expression; null when it has none.</summary>
    public static string? Inline(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => IsExpression(s) ? s[1..^1] : $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true()" : "false()",
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Folds constant comparisons and conditionals; returns a literal when the whole expression is constant.</summary>
    public static JsonNode Fold(string expression)
    {
        string previous;
        do
        {
            previous = expression;
            expression = EqualsOfLiterals().Replace(expression, m =>
                Unquote(m.Groups["a"].Value) == Unquote(m.Groups["b"].Value) ? "true()" : "false()");
            expression = NotOfConstant().Replace(expression, m => m.Groups["c"].Value == "true" ? "false()" : "true()");
            expression = FormatOfLiterals().Replace(expression, FormatLiteral);
        }
        while (expression != previous);

        if (expression is "true()" or "false()")
        {
            return JsonValue.Create(expression == "true()");
        }

        if (WholeLiteral().IsMatch(expression))
        {
            return JsonValue.Create(Unquote(expression));
        }

        var choice = IfOfConstant().Match(expression);
        if (choice.Success)
        {
            var picked = choice.Groups["c"].Value == "true" ? choice.Groups["then"].Value : choice.Groups["else"].Value;
            return picked.StartsWith('\'')
                ? JsonValue.Create(Unquote(picked))
                : JsonValue.Create(long.Parse(picked, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create($"[{expression}]");
    }

    private static string FormatLiteral(Match format)
    {
        var arguments = format.Groups["arg"].Captures.Select(c => (object)Unquote(c.Value)).ToArray();
        var text = string.Format(CultureInfo.InvariantCulture, Unquote(format.Groups["format"].Value), arguments);
        return $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
    }

    private static string Unquote(string literal) => literal[1..^1].Replace("''", "'", StringComparison.Ordinal);

    private const string Literal = @"'(?:[^']|'')*'";

    [GeneratedRegex(@"equals\((?<a>" + Literal + @"), (?<b>" + Literal + @")\)")]
    private static partial Regex EqualsOfLiterals();

    [GeneratedRegex(@"format\((?<format>" + Literal + @")(?:, (?<arg>" + Literal + @"))+\)")]
    private static partial Regex FormatOfLiterals();

    [GeneratedRegex("^" + Literal + "$")]
    private static partial Regex WholeLiteral();

    [GeneratedRegex(@"not\((?<c>true|false)\(\)\)")]
    private static partial Regex NotOfConstant();

    [GeneratedRegex(@"^if\((?<c>true|false)\(\), (?<then>" + Literal + @"|-?\d+), (?<else>" + Literal + @"|-?\d+)\)$")]
    private static partial Regex IfOfConstant();
}
