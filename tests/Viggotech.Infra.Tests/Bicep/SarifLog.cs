using System.Text;
using System.Text.Json;

namespace Viggotech.Infra.Tests.Bicep;

/// <summary>Reads the SARIF that <c>bicep lint --diagnostics-format sarif</c> prints: one log per file, back to back.</summary>
public static class SarifLog
{
    public sealed record Parsed(int RunCount, IReadOnlyList<LintFinding> Findings);

    public static Parsed Parse(string text)
    {
        var runs = 0;
        var findings = new List<LintFinding>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var log = JsonDocument.ParseValue(ref reader);
            foreach (var run in log.RootElement.GetProperty("runs").EnumerateArray())
            {
                runs++;
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    findings.Add(ToFinding(result));
                }
            }
        }

        return new Parsed(runs, findings);
    }

    private static LintFinding ToFinding(JsonElement result)
    {
        var location = result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
            ? locations[0].GetProperty("physicalLocation")
            : default;
        var file = location.ValueKind == JsonValueKind.Object
            ? new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath
            : "?";
        var line = location.ValueKind == JsonValueKind.Object && location.TryGetProperty("region", out var region)
            ? region.GetProperty("startLine").GetInt32()
            : 0;

        // SARIF's default level is "warning"; Bicep writes the level only when it differs.
        var level = result.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
        var rule = result.TryGetProperty("ruleId", out var r) ? r.GetString()! : "?";
        return new LintFinding(file, line, level, rule, result.GetProperty("message").GetProperty("text").GetString()!);
    }
}
