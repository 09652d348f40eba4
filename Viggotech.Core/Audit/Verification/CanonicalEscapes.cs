namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// RFC 8785 escapes only '"', '\' and control characters: the five with short forms as \b \t \n \f \r,
/// the rest as \u00xx in lowercase hex. Anything else (\/, \u0041) is not canonical.
/// </summary>
internal static class CanonicalEscapes
{
    /// <summary>The length of the canonical escape at the start of <paramref name="escape"/> (which begins with '\'), or 0.</summary>
    public static int Length(ReadOnlySpan<byte> escape)
    {
        if (escape.Length < 2)
        {
            return 0;
        }
        switch (escape[1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'t' or (byte)'n' or (byte)'f' or (byte)'r':
                return 2;
            case (byte)'u' when escape.Length >= 6 && escape[2] == '0' && escape[3] == '0' && escape[4] is (byte)'0' or (byte)'1':
                var value = ControlValue(escape);
                return value < 0 || value is 0x08 or 0x09 or 0x0A or 0x0C or 0x0D ? 0 : 6;
            default:
                return 0;
        }
    }

    /// <summary>Decodes text whose escapes are all canonical; returns the decoded length.</summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                destination[written++] = raw[i];
                continue;
            }
            destination[written++] = raw[i + 1] switch
            {
                (byte)'b' => (byte)'\b',
                (byte)'t' => (byte)'\t',
                (byte)'n' => (byte)'\n',
                (byte)'f' => (byte)'\f',
                (byte)'r' => (byte)'\r',
                (byte)'u' => (byte)ControlValue(raw[i..]),
                var other => other,
            };
            i += raw[i + 1] == 'u' ? 5 : 1;
        }
        return written;
    }

    // \u00xx with x lowercase hex; -1 when the last digit is not.
    private static int ControlValue(ReadOnlySpan<byte> escape)
    {
        var low = escape[5];
        var nibble = low switch
        {
            >= (byte)'0' and <= (byte)'9' => low - '0',
            >= (byte)'a' and <= (byte)'f' => low - 'a' + 10,
            _ => -1,
        };
        return nibble < 0 ? -1 : (escape[4] - '0') * 16 + nibble;
    }
}
