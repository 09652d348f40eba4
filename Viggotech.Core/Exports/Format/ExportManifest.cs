using System.Text.Json;
using System.Text.Json.Serialization;

namespace Viggotech.Core.Exports.Format;

/// <summary><c>manifest.json</c>, the last entry of an export's ZIP: what the export holds and the SHA-256 of every other entry.</summary>
public sealed record ExportManifest(
    string Format,
    Guid TenantId,
    string TenantName,
    DateTimeOffset CreatedAt,
    ExportCounts Counts,
    IReadOnlyList<ExportFile> Files)
{
    public const string FormatName = "viggotech-export/1";
    public const string FileName = "manifest.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

public sealed record ExportCounts(int People, int Documents, long AuditEvents);

/// <summary>One entry of the ZIP: its path, size in bytes and lowercase hex SHA-256.</summary>
public sealed record ExportFile(string Path, long Size, string Sha256);
