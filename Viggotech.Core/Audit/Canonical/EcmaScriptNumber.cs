using System.Globalization;
using System.Text;

namespace Viggotech.Core.Audit.Canonical;

/// <summary>
/// Formats an IEEE 754 double the way ECMAScript's Number.prototype.toString does, which is what
/// RFC 8785 requires. .NET's "R" format already yields the shortest round-trip digits; only the
/// placement of the decimal point and the exponent notation differ, so those are rewritten here.
/// </summary>
public static class EcmaScriptNumber
{
    /// <summary>Largest magnitude an integer may have and still be exact in an IEEE 754 double.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>
    /// Whether number text is an integer of up to 15 digits without leading zeros or "-0": such
    /// integers are exact doubles that ECMAScript prints unchanged, so the text is already canonical.
    /// </summary>
    public static bool IsShortInteger(ReadOnlySpan<byte> text)
    {
        var digits = text.Length > 0 && text[0] == '-' ? text[1..] : text;
        if (digits.Length is 0 or > 15 || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }
        return digits[0] != '0' || (digits.Length == 1 && text.Length == 1);
    }

    public static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[32];
        return Encoding.ASCII.GetString(buffer[..Format(value, buffer)]);
    }

    /// <summary>Writes the ECMAScript form of <paramref name="value"/> and returns its length (at most 32 bytes).</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no representation for NaN or infinity.");
        }
        if (value == 0)
        {
            // Covers -0 too: ECMAScript prints both zeros as "0".
            destination[0] = (byte)'0';
            return 1;
        }

        Span<byte> shortest = stackalloc byte[32];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        var text = shortest[..length];

        var written = 0;
        if (text[0] == '-')
        {
            destination[written++] = (byte)'-';
            text = text[1..];
        }

        var exponentAt = text.IndexOf((byte)'E');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        // Collect the significant digits d1..dk and n such that value = 0.d1..dk × 10^n.
        Span<byte> digits = stackalloc byte[24];
        var k = 0;
        var pointAt = mantissa.IndexOf((byte)'.');
        var n = (pointAt < 0 ? mantissa.Length : pointAt) + exponent;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                continue;
            }
            if (k == 0 && c == '0')
            {
                n--;
                continue;
            }
            digits[k++] = c;
        }
        while (k > 1 && digits[k - 1] == '0')
        {
            k--;
        }

        var significant = digits[..k];
        if (k <= n && n <= 21)
        {
            significant.CopyTo(destination[written..]);
            written += k;
            destination.Slice(written, n - k).Fill((byte)'0');
            return written + n - k;
        }
        if (0 < n && n <= 21)
        {
            significant[..n].CopyTo(destination[written..]);
            written += n;
            destination[written++] = (byte)'.';
            significant[n..].CopyTo(destination[written..]);
            return written + k - n;
        }
        if (-6 < n && n <= 0)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            destination.Slice(written, -n).Fill((byte)'0');
            written += -n;
            significant.CopyTo(destination[written..]);
            return written + k;
        }

        destination[written++] = significant[0];
        if (k > 1)
        {
            destination[written++] = (byte)'.';
            significant[1..].CopyTo(destination[written..]);
            written += k - 1;
        }
        destination[written++] = (byte)'e';
        destination[written++] = n - 1 < 0 ? (byte)'-' : (byte)'+';
        Math.Abs(n - 1).TryFormat(destination[written..], out var exponentLength, default, CultureInfo.InvariantCulture);
        return written + exponentLength;
    }
}
