using System.Text.Json;
using System.Text.Unicode;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// One pass over an event's JSON that both reads its chain fields and decides whether the text is
/// already in RFC 8785 form. Exported events are, so their bytes can be hashed as they are and the
/// full canonicaliser only runs for text some other tool rewrote. Rare shapes (escaped member
/// names, non-integer numbers) are reported as "not canonical" and simply take the slow path.
/// </summary>
internal static class CanonicalEventScanner
{
    private const int MaxDepth = 8;
    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    private enum Field
    {
        None,
        Version,
        Sequence,
        Previous,
        Tenant,
    }

    /// <exception cref="JsonException">Not JSON.</exception>
    public static bool IsCanonical(ReadOnlySpan<byte> json, out EventChainFields fields) => Scan(json, checkForm: true, out fields);

    /// <summary>Reads the chain fields of text already known to be canonical.</summary>
    public static EventChainFields ReadFields(ReadOnlySpan<byte> canonicalJson)
    {
        Scan(canonicalJson, checkForm: false, out var fields);
        return fields;
    }

    private static bool Scan(ReadOnlySpan<byte> json, bool checkForm, out EventChainFields fields)
    {
        fields = default;
        var reader = new Utf8JsonReader(json, Options);
        Span<int> previousKeyStart = stackalloc int[MaxDepth + 1];
        Span<int> previousKeyLength = stackalloc int[MaxDepth + 1];
        long end = 0;
        var previous = JsonTokenType.None;
        var pending = Field.None;

        while (reader.Read())
        {
            var token = reader.TokenType;
            // Canonical text has exactly one separator (',' or ':') between tokens and no spaces.
            var gap = reader.TokenStartIndex - end;
            var expectedGap = previous is JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName
                || token is JsonTokenType.EndObject or JsonTokenType.EndArray ? 0 : 1;
            if (checkForm && gap != expectedGap)
            {
                return false;
            }

            var depth = reader.CurrentDepth;
            switch (token)
            {
                case JsonTokenType.StartObject:
                    if (depth + 1 > MaxDepth)
                    {
                        return false;
                    }
                    previousKeyLength[depth + 1] = -1;
                    pending = Field.None;
                    break;
                case JsonTokenType.PropertyName:
                {
                    var name = reader.ValueSpan;
                    // '"' name '"' ':' with nothing else: whitespace before the colon is hidden inside this token.
                    // Escaped names would need unescaping to be ordered, so they take the slow path.
                    if (checkForm && (reader.ValueIsEscaped || reader.BytesConsumed - reader.TokenStartIndex != name.Length + 3 || !Utf8.IsValid(name)
                        || (previousKeyLength[depth] >= 0 && Utf16KeyOrder.Compare(json.Slice(previousKeyStart[depth], previousKeyLength[depth]), name) >= 0)))
                    {
                        return false;
                    }
                    var nameStart = (int)reader.TokenStartIndex + 1;
                    previousKeyStart[depth] = nameStart;
                    previousKeyLength[depth] = name.Length;
                    pending = depth != 1 ? Field.None : name switch
                    {
                        [(byte)'v'] => Field.Version,
                        [(byte)'s', (byte)'e', (byte)'q'] => Field.Sequence,
                        [(byte)'p', (byte)'r', (byte)'e', (byte)'v'] => Field.Previous,
                        [(byte)'t', (byte)'e', (byte)'n', (byte)'a', (byte)'n', (byte)'t'] => Field.Tenant,
                        _ => Field.None,
                    };
                    break;
                }
                case JsonTokenType.String:
                    if (checkForm && (!Utf8.IsValid(reader.ValueSpan) || (reader.ValueIsEscaped && !HasOnlyCanonicalEscapes(reader.ValueSpan))))
                    {
                        return false;
                    }
                    if (pending == Field.Previous)
                    {
                        fields.HasPrevious = AuditHash.TryParse(reader.ValueSpan, out fields.Previous);
                    }
                    else if (pending == Field.Tenant)
                    {
                        fields.TenantJson = reader.ValueSpan;
                        fields.HasTenant = true;
                    }
                    pending = Field.None;
                    break;
                case JsonTokenType.Number:
                    if (checkForm && !EcmaScriptNumber.IsShortInteger(reader.ValueSpan))
                    {
                        return false;
                    }
                    if (pending == Field.Sequence)
                    {
                        fields.HasSequence = reader.TryGetInt64(out fields.Sequence);
                    }
                    else if (pending == Field.Version)
                    {
                        fields.HasVersion = reader.TryGetInt64(out fields.Version);
                    }
                    pending = Field.None;
                    break;
                default:
                    pending = Field.None;
                    break;
            }
            previous = token;
            end = reader.BytesConsumed;
        }
        return end == json.Length;
    }

    /// <summary>
    /// RFC 8785 escapes only '"', '\\' and control characters: the five with short forms as \b \t \n \f \r,
    /// the rest as \u00xx in lowercase. Any other escape (\/, \u0041) means the text is not canonical.
    /// </summary>
    private static bool HasOnlyCanonicalEscapes(ReadOnlySpan<byte> raw)
    {
        var at = raw.IndexOf((byte)'\\');
        while (at >= 0)
        {
            raw = raw[(at + 1)..];
            switch (raw[0])
            {
                case (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'t' or (byte)'n' or (byte)'f' or (byte)'r':
                    raw = raw[1..];
                    break;
                case (byte)'u' when raw.Length >= 5 && raw[1] == '0' && raw[2] == '0' && (raw[3] is (byte)'0' or (byte)'1')
                                    && (raw[4] is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')):
                    var value = (raw[3] - '0') * 16 + (raw[4] <= '9' ? raw[4] - '0' : raw[4] - 'a' + 10);
                    if (value is 0x08 or 0x09 or 0x0A or 0x0C or 0x0D)
                    {
                        return false;
                    }
                    raw = raw[5..];
                    break;
                default:
                    return false;
            }
            at = raw.IndexOf((byte)'\\');
        }
        return true;
    }
}
