using System.Text.Json;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>
/// One bundle line split into its parts without reading the body: which record it is, the body
/// object's bytes, and the proof beside it ("hash" of an event, "sig" of a seal or prune record).
/// </summary>
internal readonly ref struct BundleLine(BundleLineKind kind, ReadOnlySpan<byte> body, ReadOnlySpan<byte> proof)
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32 };

    public BundleLineKind Kind { get; } = kind;

    public ReadOnlySpan<byte> Body { get; } = body;

    public ReadOnlySpan<byte> Proof { get; } = proof;

    /// <summary>
    /// Splits an event line written the way the exporter writes it, <c>{"event":{…},"hash":"…"}</c>,
    /// by position alone. The body still has to be checked as JSON; any other spelling of the line
    /// goes through <see cref="Parse"/>.
    /// </summary>
    public static bool TryMatchEvent(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> body, out ReadOnlySpan<byte> hash)
    {
        ReadOnlySpan<byte> prefix = "{\"event\":"u8;
        ReadOnlySpan<byte> hashMember = ",\"hash\":\""u8;
        var suffixLength = hashMember.Length + AuditHash.HexLength + 2;
        body = default;
        hash = default;
        if (line.Length <= prefix.Length + suffixLength || !line.StartsWith(prefix) || !line.EndsWith("\"}"u8)
            || !line[^suffixLength..].StartsWith(hashMember))
        {
            return false;
        }
        body = line[prefix.Length..^suffixLength];
        hash = line.Slice(line.Length - 2 - AuditHash.HexLength, AuditHash.HexLength);
        return true;
    }

    /// <exception cref="JsonException">The line is not JSON.</exception>
    /// <exception cref="AuditFormatException">The line is JSON but not a bundle record.</exception>
    public static BundleLine Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new AuditFormatException("A bundle line is a JSON object.");
        }

        BundleLineKind? kind = null;
        ReadOnlySpan<byte> body = default;
        ReadOnlySpan<byte> proof = default;
        string? proofName = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("hash"u8) || reader.ValueTextEquals("sig"u8))
            {
                if (proofName is not null)
                {
                    throw new AuditFormatException("A bundle line has more than one hash or signature.");
                }
                proofName = reader.ValueTextEquals("hash"u8) ? "hash" : "sig";
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                {
                    throw new AuditFormatException($"\"{proofName}\" must be a plain string.");
                }
                proof = reader.ValueSpan;
                continue;
            }

            var named = NameToKind(ref reader);
            if (kind is not null)
            {
                throw new AuditFormatException("A bundle line holds exactly one record.");
            }
            kind = named;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AuditFormatException("A bundle record is a JSON object.");
            }
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            body = line[start..(int)reader.BytesConsumed];
        }
        // Reading past the end makes the reader reject anything after the object.
        if (reader.Read())
        {
            throw new AuditFormatException("A bundle line holds one JSON object.");
        }

        if (kind is null)
        {
            throw new AuditFormatException("The line is not a bundle record.");
        }
        var expectedProof = kind switch
        {
            BundleLineKind.Event => "hash",
            BundleLineKind.Seal or BundleLineKind.Pruned => "sig",
            _ => null,
        };
        if (proofName != expectedProof)
        {
            throw new AuditFormatException(expectedProof is null
                ? $"A {kind} line carries no hash or signature."
                : $"A {kind} line needs \"{expectedProof}\".");
        }
        return new BundleLine(kind.Value, body, proof);
    }

    private static BundleLineKind NameToKind(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("event"u8)) return BundleLineKind.Event;
        if (reader.ValueTextEquals("seal"u8)) return BundleLineKind.Seal;
        if (reader.ValueTextEquals("pruned"u8)) return BundleLineKind.Pruned;
        if (reader.ValueTextEquals("header"u8)) return BundleLineKind.Header;
        if (reader.ValueTextEquals("jwks"u8)) return BundleLineKind.Keys;
        if (reader.ValueTextEquals("trailer"u8)) return BundleLineKind.Trailer;
        throw new AuditFormatException($"Unknown bundle member \"{reader.GetString()}\".");
    }
}
