using System.Text.Json;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// Reads the chain fields from canonical event JSON of a shape the fast scanner leaves to the slow
/// path (escaped member names, non-integer numbers elsewhere in the event).
/// </summary>
internal static class EventChainFieldReader
{
    public static EventChainFields Read(ReadOnlySpan<byte> canonicalJson)
    {
        var fields = default(EventChainFields);
        var reader = new Utf8JsonReader(canonicalJson);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueIsEscaped ? null : reader.ValueSpan.ToArray();
            reader.Read();
            switch (name)
            {
                case [(byte)'v'] when reader.TokenType == JsonTokenType.Number:
                    fields.HasVersion = reader.TryGetInt64(out fields.Version);
                    break;
                case [(byte)'s', (byte)'e', (byte)'q'] when reader.TokenType == JsonTokenType.Number:
                    fields.HasSequence = reader.TryGetInt64(out fields.Sequence);
                    break;
                case [(byte)'p', (byte)'r', (byte)'e', (byte)'v'] when reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped:
                    fields.PreviousStart = (int)reader.TokenStartIndex + 1;
                    fields.PreviousLength = reader.ValueSpan.Length;
                    fields.HasPrevious = true;
                    break;
                case [(byte)'t', (byte)'e', (byte)'n', (byte)'a', (byte)'n', (byte)'t'] when reader.TokenType == JsonTokenType.String:
                    fields.TenantStart = (int)reader.TokenStartIndex + 1;
                    fields.TenantLength = reader.ValueSpan.Length;
                    fields.HasTenant = true;
                    break;
            }
            reader.Skip();
        }
        return fields;
    }
}
