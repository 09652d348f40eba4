using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Viggotech.Infra.Tests.Arm;

/// <summary>
/// The parameters and variables of one template in a nested deployment, with just enough ARM
/// expression handling to carry values from main.bicep down into its modules: references to
/// parameters and variables are replaced by what the caller passed, and a few constant
/// expressions (<c>equals</c>, <c>not</c>, <c>if</c> on constants) are folded. Anything only known
/// at deployment (reference(), uniqueString() …) stays an expression.
/// </summary>
public sealed partial class ArmScope
{
    private readonly JsonObject template;
    private readonly IReadOnlyDictionary<string, JsonNode?>? passed;
    private readonly Dictionary<string, JsonNode?> variables = [];
    private readonly HashSet<string> resolving = [];

    public ArmScope(JsonObject template, IReadOnlyDictionary<string, JsonNode?>? passed)
    {
        this.template = template;
        this.passed = passed;
    }

    public JsonObject Template => template;

    public JsonNode? Resolve(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Resolve).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => ResolveString(s),
        _ => node?.DeepClone(),
    };

    private JsonNode? Parameter(string name)
    {
        if (passed is null)
        {
            // The top-level template: its parameters are the deployment's inputs.
            return JsonValue.Create($"[parameters('{name}')]");
        }

        if (passed.TryGetValue(name, out var value))
        {
            return value?.DeepClone();
        }

        var declared = template["parameters"]?[name];
        return declared?["defaultValue"] is { } fallback
            ? Resolve(fallback)
            : JsonValue.Create($"[parameters('{name}')]");
    }

    private JsonNode? Variable(string name)
    {
        if (variables.TryGetValue(name, out var known))
        {
            return known?.DeepClone();
        }

        var declared = template["variables"]?[name];
        if (declared is null || !resolving.Add(name))
        {
            return JsonValue.Create($"[variables('{name}')]");
        }

        var value = Resolve(declared);
        resolving.Remove(name);
        variables[name] = value;
        return value?.DeepClone();
    }

    private JsonNode? ResolveString(string text)
    {
        if (!ArmExpression.IsExpression(text))
        {
            return JsonValue.Create(text);
        }

        var expression = text[1..^1].Trim();
        var whole = WholeReference().Match(expression);
        if (whole.Success)
        {
            return Navigate(Lookup(whole), whole.Groups["path"].Value);
        }

        var substituted = InnerReference().Replace(expression, match =>
            ArmExpression.Inline(Navigate(Lookup(match), match.Groups["path"].Value)) ?? match.Value);
        return ArmExpression.Fold(substituted);
    }

    private JsonNode? Lookup(Match reference) =>
        reference.Groups["kind"].Value == "parameters"
            ? Parameter(reference.Groups["name"].Value)
            : Variable(reference.Groups["name"].Value);

    private static JsonNode? Navigate(JsonNode? node, string path)
    {
        foreach (Match step in PathStep().Matches(path))
        {
            if (node is JsonValue v && v.TryGetValue<string>(out var s) && ArmExpression.IsExpression(s))
            {
                // Still an expression: keep the rest of the path on it.
                return JsonValue.Create($"[{s[1..^1]}{path[step.Index..]}]");
            }

            node = step.Groups["property"].Success
                ? (node as JsonObject)?[step.Groups["property"].Value]
                : (node as JsonArray)?[int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture)];
        }

        return node?.DeepClone();
    }

    [GeneratedRegex(@"^(?<kind>parameters|variables)\('(?<name>[^']+)'\)(?<path>(?:\.[A-Za-z_]\w*|\[\d+\])*)$")]
    private static partial Regex WholeReference();

    [GeneratedRegex(@"(?<kind>parameters|variables)\('(?<name>[^']+)'\)(?<path>(?:\.[A-Za-z_]\w*|\[\d+\])*)")]
    private static partial Regex InnerReference();

    [GeneratedRegex(@"\.(?<property>[A-Za-z_]\w*)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
