using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Cli.Tests.Support;

/// <summary>What an attacker without the signing key can do to a bundle's lines.</summary>
internal static class BundleTampering
{
    public static int IndexOfEvent(this List<string> lines, long sequence) =>
        lines.FindIndex(l => Node(l)["event"]?["seq"]?.GetValue<long>() == sequence);

    public static int IndexOfSealEndingAt(this List<string> lines, long last) =>
        lines.FindIndex(l => Node(l)["seal"]?["last"]?.GetValue<long>() == last);

    public static int IndexOfRecord(this List<string> lines, string kind) => lines.FindIndex(l => Node(l)[kind] is not null);

    public static JsonObject Node(string line) => JsonNode.Parse(line)!.AsObject();

    /// <summary>Changes an event; with <paramref name="rehash"/> its recorded hash is recomputed too.</summary>
    public static void ChangeEvent(this List<string> lines, long sequence, Action<JsonObject> change, bool rehash = false)
    {
        var index = lines.IndexOfEvent(sequence);
        var line = Node(lines[index]);
        var body = line["event"]!.AsObject();
        change(body);
        if (rehash)
        {
            line["hash"] = HashOf(body).ToString();
        }
        lines[index] = line.ToJsonString();
    }

    /// <summary>Recomputes prev and hash of every event from <paramref name="sequence"/> on, as a careful attacker would.</summary>
    public static void Rechain(this List<string> lines, long sequence)
    {
        AuditHash? previous = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Node(lines[i]);
            if (line["event"] is not JsonObject body)
            {
                continue;
            }
            var seq = body["seq"]!.GetValue<long>();
            if (seq >= sequence && previous is { } prev)
            {
                body["prev"] = prev.ToString();
                line["hash"] = HashOf(body).ToString();
                lines[i] = line.ToJsonString();
            }
            previous = AuditHash.Parse(line["hash"]!.GetValue<string>());
        }
    }

    public static AuditHash HashOf(JsonObject eventBody) =>
        AuditHash.Of(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(eventBody.ToJsonString())));

    public static string SealLine(AuditSeal seal, ECDsa key) =>
        $"{{\"seal\":{Encoding.UTF8.GetString(seal.ToCanonicalJson())},\"sig\":\"{Sign(seal.ToCanonicalJson(), key)}\"}}";

    public static string PruneLine(AuditPruneRecord record, string signature) =>
        $"{{\"pruned\":{Encoding.UTF8.GetString(record.ToCanonicalJson())},\"sig\":\"{signature}\"}}";

    public static string Sign(byte[] data, ECDsa key) =>
        Base64Url.EncodeToString(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static AuditSeal ReadSeal(string line) =>
        AuditSeal.Read(System.Text.Json.JsonDocument.Parse(Node(line)["seal"]!.ToJsonString()).RootElement);

    public static string JwksLine(params AuditPublicKey[] keys)
    {
        using var set = new AuditKeySet(keys);
        return $"{{\"jwks\":{Encoding.UTF8.GetString(set.ToJwks())}}}";
    }
}
