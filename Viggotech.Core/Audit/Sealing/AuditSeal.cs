using System.Buffers;
using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>
/// A signed statement that events <see cref="First"/>..<see cref="Last"/> of a tenant's chain end
/// in <see cref="LastHash"/>. Seals chain too (<see cref="PreviousSeal"/>), so a removed or
/// replaced seal is noticed at the next one.
/// </summary>
public sealed record AuditSeal(
    string Tenant,
    long First,
    long Last,
    AuditHash LastHash,
    AuditHash PreviousSeal,
    DateTimeOffset SealedAt,
    string KeyId)
{
    public const int Version = 1;

    /// <summary>The bytes that are signed and hashed.</summary>
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
        json.Name("prevSeal"u8);
        json.String(PreviousSeal.ToString());
        json.Name("sealedAt"u8);
        json.String(AuditTime.ToText(SealedAt));
        json.Name("tenant"u8);
        json.String(Tenant);
        json.Name("v"u8);
        json.Integer(Version);
        json.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What the next seal's <see cref="PreviousSeal"/> must be. The signature is left out on purpose: ECDSA signatures are not unique.</summary>
    public AuditHash ComputeHash() => AuditHash.Of(ToCanonicalJson());

    public static AuditSeal Read(JsonElement element)
    {
        var o = new StrictJsonObject(element, "seal");
        o.ExpectVersion(Version);
        var seal = new AuditSeal(o.String("tenant"), o.Integer("first"), o.Integer("last"), o.Hash("lastHash"),
            o.Hash("prevSeal"), o.Time("sealedAt"), o.String("kid"));
        o.RejectOthers();
        return seal;
    }
}
