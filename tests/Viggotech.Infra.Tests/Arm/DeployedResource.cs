using System.Text.Json.Nodes;

namespace Viggotech.Infra.Tests.Arm;

/// <summary>
/// A resource of the compiled deployment with values carried down from main.bicep, so a
/// module's <c>[parameters('location')]</c> reads as <c>[parameters('secondaryLocation')]</c>.
/// </summary>
/// <param name="Path">Symbolic names of the modules down to the resource, such as <c>main/appsB/worker/app</c>.</param>
public sealed record DeployedResource(string Path, string Type, JsonObject Definition)
{
    public string Name => Definition["name"]?.ToString() ?? "";

    public string? Location => Definition["location"]?.ToString();

    public JsonNode? Properties => Definition["properties"];

    public bool IsExisting => Definition["existing"]?.GetValue<bool>() == true;

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The module the resource was declared in.</summary>
    public string Module => Path[..Path.LastIndexOf('/')];

    public override string ToString() => $"{Path} ({Type})";
}
