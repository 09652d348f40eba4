using System.Buffers;
using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>
/// Signed evidence that retention removed events <see cref="First"/>..<see cref="Last"/> (always
/// from the start of the chain, whole sealed segments only). It carries the last removed event's
/// hash and the hash of the seal that ended there, so the kept chain and seal chain still verify
/// from the first kept event. A later prune supersedes an earlier one.
/// </summary>
public sealed record AuditPruneRecord(
    string Tenant,
    long First,
    long Last,
    AuditHash LastHash,
    AuditHash SealHash,
    DateTimeOffset PrunedAt,
    string KeyId)
{
    public const int Version = 1;

    /// <summary>The bytes that are signed.</summary>
    public byte[] ToCanonicalJson()
    {
        var buffer = new ArrayBufferWriter<byte>(320);
        var json = new CanonicalJsonWriter(buffer);
        json.StartObject();
        json.Name("first"u8);
        json.Integer(First);
        json.Name("kid"u8);
        json.String(KeyId);
        json.Name("last"u8);
        json.Integer(Last);
        json.Name("lastHash"u8);
        json.String(LastHash.ToString());
        json.Name("prunedAt"u8);
        json.String(AuditTime.ToText(PrunedAt));
        json.Name("sealHash"u8);
        json.String(SealHash.ToString());
        json.Name("tenant"u8);
        json.String(Tenant);
        json.Name("v"u8);
        json.Integer(Version);
        json.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    public static AuditPruneRecord Read(JsonElement element)
    {
        var o = new StrictJsonObject(element, "pruned");
        o.ExpectVersion(Version);
        var record = new AuditPruneRecord(o.String("tenant"), o.Integer("first"), o.Integer("last"), o.Hash("lastHash"),
            o.Hash("sealHash"), o.Time("prunedAt"), o.String("kid"));
        o.RejectOthers();
        return record;
    }
}
