using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Viggotech.Infra.Tests.Arm;

namespace Viggotech.Infra.Tests.Baseline;

/// <summary>
/// The security baseline of the Azure deployment, checked on the compiled ARM template. Each
/// rule returns the breaches it finds as sentences; an empty result means the rule holds.
/// </summary>
public sealed partial class SecurityBaseline
{
    public const string PrimaryLocation = "[parameters('primaryLocation')]";
    public const string SecondaryLocation = "[parameters('secondaryLocation')]";

    private readonly JsonObject template;

    public SecurityBaseline(JsonObject template)
    {
        this.template = template;
        Resources = ArmDeployment.Flatten(template).Where(r => !r.IsExisting).ToArray();
    }

    public IReadOnlyList<DeployedResource> Resources { get; }

    public IEnumerable<string> Violations() =>
        Storage()
            .Concat(BackupImmutability())
            .Concat(Redis())
            .Concat(Postgres())
            .Concat(PostgresReplica())
            .Concat(KeyVault())
            .Concat(AppSecrets())
            .Concat(AppIdentities())
            .Concat(RoleAssignments())
            .Concat(Regions())
            .Concat(FrontDoor())
            .Concat(WorkerSchedules())
            .Concat(Telemetry());

    private IReadOnlyList<DeployedResource> Of(string type) => Resources.Where(r => r.Is(type)).ToArray();

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Flag(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static long? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "missing";

    /// <summary>The last segment of a child resource name, whether the name is literal or a format() expression.</summary>
    private static string ChildName(DeployedResource resource) => NameSegment(resource, fromEnd: 1);

    /// <summary>The segment before it: the name of the parent.</summary>
    private static string ParentName(DeployedResource resource) => NameSegment(resource, fromEnd: 2);

    private static string NameSegment(DeployedResource resource, int fromEnd)
    {
        var name = resource.Name;
        var segments = ArmExpression.IsExpression(name)
            ? QuotedLiteral().Matches(name).Select(m => m.Groups[1].Value).ToArray()
            : name.Split('/');
        return segments.Length >= fromEnd ? segments[^fromEnd] : "";
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedLiteral();
}
