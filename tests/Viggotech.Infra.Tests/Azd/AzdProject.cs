using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Viggotech.Infra.Tests.Azd;

/// <summary>
/// azure.yaml read with YamlDotNet and checked against the rules of azd's v1.0 schema that matter
/// here: the project name, each service's host, project-or-image for Container Apps, project paths
/// that exist, and Bicep infrastructure in a folder that holds the main module.
/// </summary>
public sealed partial class AzdProject(YamlMappingNode root, string baseDirectory)
{
    public static AzdProject Load(string path) => Parse(File.ReadAllText(path), Path.GetDirectoryName(path)!);

    public static AzdProject Parse(string yaml, string baseDirectory)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new AzdProject((YamlMappingNode)stream.Documents[0].RootNode, baseDirectory);
    }

    public string? Name => Scalar(root, "name");

    public IReadOnlyDictionary<string, YamlMappingNode> Services =>
        (Node(root, "services") as YamlMappingNode)?.Children
            .Where(s => s.Value is YamlMappingNode)
            .ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value)
        ?? [];

    public static string? Scalar(YamlMappingNode node, string key) => (Node(node, key) as YamlScalarNode)?.Value;

    public IEnumerable<string> Violations()
    {
        if (Name is not { Length: >= 2 } name || !ProjectName().IsMatch(name))
        {
            yield return $"name '{Name}' must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
        }

        if (Node(root, "services") is not YamlMappingNode { Children.Count: > 0 } services)
        {
            yield return "services must list at least one service";
        }
        else
        {
            foreach (var (key, value) in services.Children)
            {
                var service = ((YamlScalarNode)key).Value!;
                if (value is not YamlMappingNode definition)
                {
                    yield return $"service {service} must be a mapping";
                    continue;
                }

                foreach (var violation in ServiceViolations(service, definition))
                {
                    yield return violation;
                }
            }
        }

        foreach (var violation in InfraViolations())
        {
            yield return violation;
        }
    }

    private IEnumerable<string> ServiceViolations(string service, YamlMappingNode definition)
    {
        var host = Scalar(definition, "host");
        if (string.IsNullOrWhiteSpace(host))
        {
            yield return $"service {service} has no host";
        }

        var project = Scalar(definition, "project");
        var image = Scalar(definition, "image");
        if (host == "containerapp" && (project is null) == (image is null))
        {
            yield return $"service {service}: a containerapp service needs exactly one of project or image";
        }

        if (project is not null)
        {
            var path = Path.GetFullPath(Path.Combine(baseDirectory, project));
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                yield return $"service {service}: project path {project} does not exist";
            }
            else if (Scalar(definition, "language") is "dotnet" or "csharp" && Directory.Exists(path)
                && !Directory.EnumerateFiles(path, "*.csproj").Any())
            {
                yield return $"service {service}: project path {project} holds no .csproj";
            }
        }
    }

    private IEnumerable<string> InfraViolations()
    {
        var infra = Node(root, "infra") as YamlMappingNode;
        var provider = infra is null ? null : Scalar(infra, "provider");
        if (provider != "bicep")
        {
            yield return $"infra.provider is '{provider}', not bicep";
        }

        var folder = (infra is null ? null : Scalar(infra, "path")) ?? "infra";
        var module = (infra is null ? null : Scalar(infra, "module")) ?? "main";
        if (!File.Exists(Path.Combine(baseDirectory, folder, module + ".bicep")))
        {
            yield return $"infra.path '{folder}' holds no {module}.bicep";
        }
    }

    private static YamlNode? Node(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ProjectName();
}
