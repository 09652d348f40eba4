using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>
/// The last line of an export bundle: what the exporter wrote, so a bundle cut short is told
/// apart from a chain that simply ends. It is not signed; the seals are the signed part.
/// </summary>
public sealed record AuditBundleTrailer(long EventCount, long LastSequence, AuditHash LastHash)
{
    internal void Write(CanonicalJsonWriter json)
    {
        json.StartObject();
        json.Name("eventCount"u8);
        json.Integer(EventCount);
        json.Name("lastHash"u8);
        json.String(LastHash.ToString());
        json.Name("lastSeq"u8);
        json.Integer(LastSequence);
        json.EndObject();
    }

    public static AuditBundleTrailer Read(JsonElement element)
    {
        var o = new StrictJsonObject(element, "trailer");
        var trailer = new AuditBundleTrailer(o.Integer("eventCount"), o.Integer("lastSeq"), o.Hash("lastHash"));
        o.RejectOthers();
        return trailer;
    }
}
