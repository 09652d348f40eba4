using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// One pass over an event's JSON that both reads its chain fields and decides whether the text is
/// already in RFC 8785 form. Exported events are, so their bytes are hashed as they are and the
/// full canonicaliser only runs for text some other tool rewrote. It accepts only the strict
/// subset canonical JSON uses (no whitespace, sorted unescaped names, canonical escapes, integers
/// of up to 15 digits); anything else, valid JSON or not, is "not canonical" and takes the slow
/// path, which does the full validation. Written by hand because it runs once per event and a
/// general JSON reader costs several times more.
/// </summary>
internal ref struct CanonicalEventScanner
{
    private const int MaxDepth = 8;

    private const int MaxLength = 64 * 1024;

    private readonly ReadOnlySpan<byte> json;

    // One bit per byte of the text, set where a quote is: every string end is then a bit search
    // instead of a search call per string, which dominated the cost. Empty when the text has escapes.
    private readonly ReadOnlySpan<ulong> quotes;
    private EventChainFields fields;
    private int position;

    private CanonicalEventScanner(ReadOnlySpan<byte> json, ReadOnlySpan<ulong> quotes)
    {
        this.json = json;
        this.quotes = quotes;
    }

    private enum Field
    {
        None,
        Version,
        Sequence,
        Previous,
        Tenant,
    }

    private enum Kind
    {
        Other,
        String,
        EscapedString,
        Integer,
    }

    public static bool IsCanonical(ReadOnlySpan<byte> json, out EventChainFields fields)
    {
        fields = default;
        // Structure is ASCII, so validating the whole text validates every string in it; raw control
        // characters are never allowed (canonical JSON has no whitespace and escapes them in strings).
        if (json.Length > MaxLength || !Utf8.IsValid(json))
        {
            return false;
        }
        Span<ulong> quotes = stackalloc ulong[(json.Length + 63) / 64];
        var found = MarkQuotes(json, quotes);
        if (found.ControlCharacters)
        {
            return false;
        }
        var scanner = new CanonicalEventScanner(json, found.Backslashes ? default : quotes);
        var canonical = scanner.Peek() == '{' && scanner.Object(1) && scanner.position == json.Length;
        fields = scanner.fields;
        return canonical;
    }

    /// <summary>
    /// Marks the quotes and, in the same pass, finds backslashes (escapes need the slower string
    /// scan) and raw control characters (never allowed: canonical JSON has no whitespace and escapes
    /// them inside strings). The tail is padded with spaces, which are none of these.
    /// </summary>
    private static (bool Backslashes, bool ControlCharacters) MarkQuotes(ReadOnlySpan<byte> json, Span<ulong> quotes)
    {
        var quote = Vector256.Create((byte)'"');
        var backslash = Vector256.Create((byte)'\\');
        var space = Vector256.Create((byte)' ');
        var backslashes = Vector256<byte>.Zero;
        var controls = Vector256<byte>.Zero;
        Span<byte> tail = stackalloc byte[64];
        for (var word = 0; word < quotes.Length; word++)
        {
            scoped ReadOnlySpan<byte> chunk = json[(word * 64)..];
            if (chunk.Length < 64)
            {
                tail.Fill((byte)' ');
                chunk.CopyTo(tail);
                chunk = tail;
            }
            var first = Vector256.Create(chunk);
            var second = Vector256.Create(chunk[32..]);
            ulong low = Vector256.Equals(first, quote).ExtractMostSignificantBits();
            ulong high = Vector256.Equals(second, quote).ExtractMostSignificantBits();
            quotes[word] = low | high << 32;
            backslashes |= Vector256.Equals(first, backslash) | Vector256.Equals(second, backslash);
            controls |= Vector256.LessThan(first, space) | Vector256.LessThan(second, space);
        }
        return (backslashes != Vector256<byte>.Zero, controls != Vector256<byte>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int NextQuote(int from)
    {
        var word = from >> 6;
        if (word >= quotes.Length)
        {
            return -1;
        }
        var bits = quotes[word] & (ulong.MaxValue << (from & 63));
        while (bits == 0)
        {
            if (++word >= quotes.Length)
            {
                return -1;
            }
            bits = quotes[word];
        }
        return (word << 6) + BitOperations.TrailingZeroCount(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Peek() => position < json.Length ? json[position] : -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Value(int depth, out Kind kind, out ReadOnlySpan<byte> text)
    {
        kind = Kind.Other;
        text = default;
        switch (Peek())
        {
            case '{':
                return Object(depth + 1);
            case '[':
                return Array(depth + 1);
            case '"':
                if (!String(out text, out var escaped))
                {
                    return false;
                }
                kind = escaped ? Kind.EscapedString : Kind.String;
                return true;
            case 't':
                return Literal("true"u8);
            case 'f':
                return Literal("false"u8);
            case 'n':
                return Literal("null"u8);
            case '-' or (>= '0' and <= '9'):
                kind = Kind.Integer;
                return Integer(out text);
            default:
                return false;
        }
    }

    private bool Object(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }
        position++;
        if (Peek() == '}')
        {
            position++;
            return true;
        }
        ReadOnlySpan<byte> previousName = default;
        var first = true;
        while (true)
        {
            // Escaped names would have to be unescaped to be ordered; the slow path does that.
            if (Peek() != '"' || !String(out var name, out var escaped) || escaped
                || (!first && !InOrder(previousName, name))
                || Peek() != ':')
            {
                return false;
            }
            position++;
            previousName = name;
            first = false;

            if (!Value(depth, out var kind, out var text))
            {
                return false;
            }
            if (depth == 1)
            {
                Capture(name, kind, text);
            }

            switch (Peek())
            {
                case ',':
                    position++;
                    continue;
                case '}':
                    position++;
                    return true;
                default:
                    return false;
            }
        }
    }

    // Most neighbouring names already differ in an ASCII first byte, which settles the order
    // without the general UTF-16 comparison.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InOrder(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> name)
    {
        if (previous.Length > 0 && name.Length > 0 && previous[0] != name[0] && (previous[0] | name[0]) < 0x80)
        {
            return previous[0] < name[0];
        }
        return Utf16KeyOrder.Compare(previous, name) < 0;
    }

    private bool Array(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }
        position++;
        if (Peek() == ']')
        {
            position++;
            return true;
        }
        while (true)
        {
            if (!Value(depth, out _, out _))
            {
                return false;
            }
            switch (Peek())
            {
                case ',':
                    position++;
                    continue;
                case ']':
                    position++;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Reads a string at '"'; <paramref name="raw"/> is its text between the quotes, escapes included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool String(out ReadOnlySpan<byte> raw, out bool escaped)
    {
        var start = ++position;
        escaped = false;
        raw = default;
        if (!quotes.IsEmpty)
        {
            var end = NextQuote(start);
            if (end < 0)
            {
                return false;
            }
            raw = json[start..end];
            position = end + 1;
            return true;
        }
        while (true)
        {
            var next = json[position..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                return false;
            }
            position += next;
            if (json[position] == '"')
            {
                raw = json[start..position];
                position++;
                return true;
            }
            escaped = true;
            var length = CanonicalEscapeLength(json[position..]);
            if (length == 0)
            {
                return false;
            }
            position += length;
        }
    }

    /// <summary>
    /// RFC 8785 escapes only '"', '\' and control characters: the five with short forms as \b \t \n \f \r,
    /// the rest as \u00xx in lowercase hex. Returns the escape's length, or 0 for any other escape.
    /// </summary>
    private static int CanonicalEscapeLength(ReadOnlySpan<byte> escape)
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
                var low = escape[5];
                int nibble = low switch
                {
                    >= (byte)'0' and <= (byte)'9' => low - '0',
                    >= (byte)'a' and <= (byte)'f' => low - 'a' + 10,
                    _ => -1,
                };
                var value = (escape[4] - '0') * 16 + nibble;
                return nibble < 0 || value is 0x08 or 0x09 or 0x0A or 0x0C or 0x0D ? 0 : 6;
            default:
                return 0;
        }
    }

    private bool Integer(out ReadOnlySpan<byte> text)
    {
        var start = position;
        if (Peek() == '-')
        {
            position++;
        }
        var digits = json[position..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        position = digits < 0 ? json.Length : position + digits;
        text = json[start..position];
        // A fraction or exponent follows: valid JSON maybe, but not a short integer; the slow path decides.
        return EcmaScriptNumber.IsShortInteger(text) && Peek() is not ('.' or 'e' or 'E');
    }

    private bool Literal(ReadOnlySpan<byte> literal)
    {
        if (!json[position..].StartsWith(literal))
        {
            return false;
        }
        position += literal.Length;
        return true;
    }

    private void Capture(ReadOnlySpan<byte> name, Kind kind, ReadOnlySpan<byte> text)
    {
        switch (FieldOf(name))
        {
            case Field.Sequence when kind == Kind.Integer:
                fields.HasSequence = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields.Sequence);
                break;
            case Field.Version when kind == Kind.Integer:
                fields.HasVersion = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields.Version);
                break;
            case Field.Previous when kind == Kind.String:
                fields.PreviousStart = position - text.Length - 1;
                fields.PreviousLength = text.Length;
                fields.HasPrevious = true;
                break;
            case Field.Tenant when kind is Kind.String or Kind.EscapedString:
                fields.TenantStart = position - text.Length - 1;
                fields.TenantLength = text.Length;
                fields.HasTenant = true;
                break;
        }
    }

    private static Field FieldOf(ReadOnlySpan<byte> name) => name switch
    {
        [(byte)'v'] => Field.Version,
        [(byte)'s', (byte)'e', (byte)'q'] => Field.Sequence,
        [(byte)'p', (byte)'r', (byte)'e', (byte)'v'] => Field.Previous,
        [(byte)'t', (byte)'e', (byte)'n', (byte)'a', (byte)'n', (byte)'t'] => Field.Tenant,
        _ => Field.None,
    };
}
