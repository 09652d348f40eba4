using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>The first line of an export bundle.</summary>
public sealed record AuditBundleHeader(string Tenant, DateTimeOffset ExportedAt)
{
    public const string FormatName = "viggotech-audit-bundle";
    public const int Version = 1;

    internal void Write(CanonicalJsonWriter json)
    {
        json.StartObject();
        json.Name("exportedAt"u8);
        json.String(AuditTime.ToText(ExportedAt));
        json.Name("format"u8);
        json.String(FormatName);
        json.Name("tenant"u8);
        json.String(Tenant);
        json.Name("version"u8);
        json.Integer(Version);
        json.EndObject();
    }

    /// <exception cref="AuditFormatException">Not a header of a bundle version this code reads.</exception>
    public static AuditBundleHeader Read(JsonElement element)
    {
        var o = new StrictJsonObject(element, "header");
        if (o.String("format") != FormatName)
        {
            throw new AuditFormatException($"The header names the format \"{o.String("format")}\", not \"{FormatName}\".");
        }
        if (o.Integer("version") != Version)
        {
            throw new AuditFormatException($"Bundle version {o.Integer("version")} is not supported; this tool reads version {Version}.");
        }
        var header = new AuditBundleHeader(o.String("tenant"), o.Time("exportedAt"));
        o.RejectOthers();
        return header;
    }
}
