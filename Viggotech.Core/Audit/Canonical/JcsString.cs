using System.Buffers;

namespace Viggotech.Core.Audit.Canonical;

/// <summary>String serialisation of RFC 8785 (the ECMAScript JSON.stringify rules).</summary>
public static class JcsString
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="utf8"/> (already unescaped, valid UTF-8) as a quoted JSON string.</summary>
    public static void Write(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        var escapeAt = IndexOfByteNeedingEscape(utf8);
        if (escapeAt < 0)
        {
            var span = output.GetSpan(utf8.Length + 2);
            span[0] = (byte)'"';
            utf8.CopyTo(span[1..]);
            span[utf8.Length + 1] = (byte)'"';
            output.Advance(utf8.Length + 2);
            return;
        }

        // Worst case every byte becomes \u00XX.
        var destination = output.GetSpan(utf8.Length * 6 + 2);
        var written = 0;
        destination[written++] = (byte)'"';
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"': destination[written++] = (byte)'\\'; destination[written++] = (byte)'"'; break;
                case (byte)'\\': destination[written++] = (byte)'\\'; destination[written++] = (byte)'\\'; break;
                case (byte)'\b': destination[written++] = (byte)'\\'; destination[written++] = (byte)'b'; break;
                case (byte)'\t': destination[written++] = (byte)'\\'; destination[written++] = (byte)'t'; break;
                case (byte)'\n': destination[written++] = (byte)'\\'; destination[written++] = (byte)'n'; break;
                case (byte)'\f': destination[written++] = (byte)'\\'; destination[written++] = (byte)'f'; break;
                case (byte)'\r': destination[written++] = (byte)'\\'; destination[written++] = (byte)'r'; break;
                case < 0x20:
                    "\\u00"u8.CopyTo(destination[written..]);
                    destination[written + 4] = HexDigits[b >> 4];
                    destination[written + 5] = HexDigits[b & 0xF];
                    written += 6;
                    break;
                default: destination[written++] = b; break;
            }
        }
        destination[written++] = (byte)'"';
        output.Advance(written);
    }

    private static int IndexOfByteNeedingEscape(ReadOnlySpan<byte> utf8)
    {
        var quoteOrBackslash = utf8.IndexOfAny((byte)'"', (byte)'\\');
        var control = utf8.IndexOfAnyInRange((byte)0, (byte)0x1F);
        return quoteOrBackslash < 0 ? control : control < 0 ? quoteOrBackslash : Math.Min(control, quoteOrBackslash);
    }
}
