using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using Viggotech.Core.Audit.Canonical;
using static Viggotech.Core.Audit.Verification.EventSchema;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// One pass over an event's JSON that reads its chain fields, checks it against the event schema,
/// and decides whether the text is already in RFC 8785 form. Exported events are, so their bytes
/// are hashed as they are and the full canonicaliser only runs for text another tool rewrote.
/// It accepts only the strict subset canonical JSON uses (no whitespace, sorted names, canonical
/// escapes, integers of up to 15 digits); anything else, valid JSON or not, is "not canonical"
/// and takes the slow path, which validates fully. Written by hand because it runs once per
/// event and a general JSON reader costs several times more.
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

    private enum Kind
    {
        Object,
        Array,
        String,
        Integer,
        Null,
        Boolean,
    }

    /// <summary>Whether <paramref name="json"/> is canonical; <paramref name="fields"/> holds what was read either way.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> json, out EventChainFields fields)
    {
        fields = default;
        // Structure is ASCII, so validating the whole text validates every string in it.
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
        var canonical = scanner.Peek() == '{' && scanner.Object(1, Members.Event) && scanner.position == json.Length;
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
    private bool Value(int depth, Members nested, out Kind kind, out ReadOnlySpan<byte> text)
    {
        text = default;
        switch (Peek())
        {
            case '{':
                kind = Kind.Object;
                return Object(depth + 1, nested);
            case '[':
                kind = Kind.Array;
                return Array(depth + 1);
            case '"':
                kind = Kind.String;
                return String(out text, out _);
            case 't':
                kind = Kind.Boolean;
                return Literal("true"u8);
            case 'f':
                kind = Kind.Boolean;
                return Literal("false"u8);
            case 'n':
                kind = Kind.Null;
                return Literal("null"u8);
            case '-' or (>= '0' and <= '9'):
                kind = Kind.Integer;
                return Integer(out text);
            default:
                kind = Kind.Null;
                return false;
        }
    }

    private bool Object(int depth, Members rule)
    {
        if (depth > MaxDepth)
        {
            return false;
        }
        position++;
        var count = 0;
        if (Peek() == '}')
        {
            position++;
            CheckCount(rule, count);
            return true;
        }
        ReadOnlySpan<byte> previousName = default;
        var previousEscaped = false;
        while (true)
        {
            if (Peek() != '"' || !String(out var name, out var escaped)
                || (count > 0 && !InOrder(previousName, previousEscaped, name, escaped))
                || Peek() != ':')
            {
                return false;
            }
            position++;
            previousName = name;
            previousEscaped = escaped;

            var (expect, nested) = MemberRule(rule, count, name);
            if (!Value(depth, nested, out var kind, out var text))
            {
                return false;
            }
            Check(rule, count, expect, kind, text);
            count++;

            switch (Peek())
            {
                case ',':
                    position++;
                    continue;
                case '}':
                    position++;
                    CheckCount(rule, count);
                    return true;
                default:
                    return false;
            }
        }
    }

    private bool Array(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }
        Violation("The event format has no arrays.");
        position++;
        if (Peek() == ']')
        {
            position++;
            return true;
        }
        while (true)
        {
            if (!Value(depth, Members.Free, out _, out _))
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

    /// <summary>What the member at <paramref name="index"/> of an object under <paramref name="rule"/> may hold.</summary>
    private (Expect? Expect, Members Nested) MemberRule(Members rule, int index, ReadOnlySpan<byte> name)
    {
        switch (rule)
        {
            case Members.Event:
                if (index < EventMembers.Length && name.SequenceEqual(EventMembers[index].Name))
                {
                    return (EventMembers[index].Expect, EventMembers[index].Nested);
                }
                Violation("An event has exactly the members of the event format, no others.");
                return (null, Members.Free);
            case Members.Actor or Members.Target:
                if ((index == 0 && name.SequenceEqual("id"u8)) || (index == 1 && name.SequenceEqual("type"u8)))
                {
                    return (Expect.String, Members.Free);
                }
                Violation("\"actor\" and \"target\" have exactly the members \"id\" and \"type\".");
                return (null, Members.Free);
            case Members.Details:
                return (Expect.String, Members.Free);
            default:
                return (null, Members.Free);
        }
    }

    private void Check(Members rule, int index, Expect? expect, Kind kind, ReadOnlySpan<byte> text)
    {
        var fits = expect switch
        {
            null => true,
            Expect.String => kind == Kind.String,
            Expect.StringOrNull => kind is Kind.String or Kind.Null,
            Expect.Integer => kind == Kind.Integer,
            Expect.Object => kind == Kind.Object,
            _ => kind is Kind.Object or Kind.Null,
        };
        if (!fits)
        {
            Violation("An event member has the wrong type.");
            return;
        }
        if (rule == Members.Actor && index == 1 && !IsActorType(text))
        {
            Violation("Unknown actor type.");
        }
        if (rule != Members.Event)
        {
            return;
        }
        switch (index)
        {
            case EventSchema.Result when !IsResult(text):
                Violation("Unknown result.");
                break;
            case EventSchema.Time when !IsTime(text):
                Violation("\"time\" must look like 2026-01-31T23:59:59.123456Z.");
                break;
            case EventSchema.Sequence:
                fields.HasSequence = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields.Sequence);
                break;
            case VersionMember:
                fields.HasVersion = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields.Version);
                break;
            case EventSchema.Previous:
                fields.PreviousStart = position - text.Length - 1;
                fields.PreviousLength = text.Length;
                fields.HasPrevious = true;
                break;
            case EventSchema.Tenant:
                fields.TenantStart = position - text.Length - 1;
                fields.TenantLength = text.Length;
                fields.HasTenant = true;
                break;
        }
    }

    private void CheckCount(Members rule, int count)
    {
        var expected = rule switch
        {
            Members.Event => EventMembers.Length,
            Members.Actor or Members.Target => 2,
            _ => count,
        };
        if (count != expected)
        {
            Violation("An event object lacks members of the event format.");
        }
    }

    private void Violation(string error) => fields.SchemaError ??= error;

    // Most neighbouring names already differ in an ASCII first byte, which settles the order
    // without the general UTF-16 comparison. Escaped names are compared by what they decode to.
    private static bool InOrder(ReadOnlySpan<byte> previous, bool previousEscaped, ReadOnlySpan<byte> name, bool escaped)
    {
        if (previousEscaped || escaped)
        {
            return DecodedInOrder(previous, name);
        }
        if (previous.Length > 0 && name.Length > 0 && previous[0] != name[0] && (previous[0] | name[0]) < 0x80)
        {
            return previous[0] < name[0];
        }
        return Utf16KeyOrder.Compare(previous, name) < 0;
    }

    private static bool DecodedInOrder(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> name)
    {
        // Decoding only shortens, so the raw lengths bound the buffers.
        var buffer = previous.Length + name.Length <= 512 ? stackalloc byte[previous.Length + name.Length] : new byte[previous.Length + name.Length];
        var a = CanonicalEscapes.Unescape(previous, buffer);
        var b = CanonicalEscapes.Unescape(name, buffer[a..]);
        return Utf16KeyOrder.Compare(buffer[..a], buffer.Slice(a, b)) < 0;
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
            var length = CanonicalEscapes.Length(json[position..]);
            if (length == 0)
            {
                return false;
            }
            position += length;
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
}
