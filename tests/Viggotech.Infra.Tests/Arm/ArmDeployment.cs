using System.Text.Json.Nodes;

namespace Viggotech.Infra.Tests.Arm;

/// <summary>Flattens a compiled template and its nested module deployments into one list of resources.</summary>
public static class ArmDeployment
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    public static IReadOnlyList<DeployedResource> Flatten(JsonObject template)
    {
        var resources = new List<DeployedResource>();
        Walk(new ArmScope(template, passed: null), "main", resources);
        return resources;
    }

    /// <summary>Every template in the tree (main and each module deployment), for changing them in place.</summary>
    public static IEnumerable<JsonObject> Templates(JsonObject template)
    {
        yield return template;
        foreach (var (_, resource) in Declared(template))
        {
            if (resource["type"]?.GetValue<string>() == DeploymentType
                && resource["properties"]?["template"] is JsonObject inner)
            {
                foreach (var nested in Templates(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>
    /// Resources as the template declares them: keyed by symbol in language version 2; an array in
    /// version 1, where each gets a symbol from its type and position.
    /// </summary>
    public static IEnumerable<(string Symbol, JsonObject Resource)> Declared(JsonObject template) => template["resources"] switch
    {
        JsonObject symbols => symbols.Select(s => (s.Key, s.Value!.AsObject())),
        JsonArray list => list.Select((r, i) => ($"{r!["type"]?.ToString().Split('/')[^1]}[{i}]", r.AsObject())),
        _ => [],
    };

    /// <summary>A module parameter is <c>{ "value": … }</c>, or one expression that yields that object (Bicep writes a conditional so).</summary>
    private static JsonNode? PassedValue(ArmScope scope, JsonNode? parameter) => scope.Resolve(parameter) switch
    {
        JsonObject wrapped => wrapped["value"]?.DeepClone(),
        JsonValue v when v.TryGetValue<string>(out var s) && ArmExpression.IsExpression(s) => JsonValue.Create($"[{s[1..^1]}.value]"),
        var other => other,
    };

    private static void Walk(ArmScope scope, string path, List<DeployedResource> resources)
    {
        foreach (var (symbol, declared) in Declared(scope.Template))
        {
            var type = declared["type"]!.GetValue<string>();
            if (type == DeploymentType && declared["properties"]?["template"] is JsonObject inner)
            {
                var passed = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                if (declared["properties"]!["parameters"] is JsonObject parameters)
                {
                    foreach (var (name, parameter) in parameters)
                    {
                        passed[name] = PassedValue(scope, parameter);
                    }
                }

                Walk(new ArmScope(inner, passed), $"{path}/{symbol}", resources);
                continue;
            }

            resources.Add(new DeployedResource($"{path}/{symbol}", type, scope.Resolve(declared)!.AsObject()));
        }
    }
}
