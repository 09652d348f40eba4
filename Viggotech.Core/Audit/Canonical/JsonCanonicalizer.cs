using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Viggotech.Core.Audit.Canonical;

/// <summary>
/// Rewrites any JSON text into its RFC 8785 (JCS) canonical form: members sorted by UTF-16 code
/// units, no insignificant whitespace, strings escaped as ECMAScript does, numbers in ECMAScript
/// notation. Duplicate member names and invalid Unicode are rejected because they let two
/// parsers read one document differently. Keeps scratch buffers between calls, so one instance
/// serves one thread.
/// </summary>
public sealed class JsonCanonicalizer
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32 };

    private Member[] members = new Member[64];
    private int memberTop;
    private byte[] keys = new byte[1024];
    private int keyTop;

    public static byte[] Canonicalize(ReadOnlySpan<byte> json)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(json.Length, 16));
        new JsonCanonicalizer().Canonicalize(json, output);
        return output.WrittenSpan.ToArray();
    }

    /// <exception cref="JsonException">The input is not a single valid JSON value acceptable to JCS.</exception>
    public void Canonicalize(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        memberTop = 0;
        keyTop = 0;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read())
            {
                throw new JsonException("Empty JSON text.");
            }
            WriteValue(ref reader, json, output);
            if (reader.Read())
            {
                throw new JsonException("Trailing content after the JSON value.");
            }
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports invalid escapes such as lone surrogates this way.
            throw new JsonException(e.Message, e);
        }
    }

    private void WriteValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, json, output);
                break;
            case JsonTokenType.StartArray:
                WriteArray(ref reader, json, output);
                break;
            case JsonTokenType.String:
                WriteString(ref reader, output);
                break;
            case JsonTokenType.Number:
                WriteNumber(ref reader, output);
                break;
            case JsonTokenType.True:
                output.Write("true"u8);
                break;
            case JsonTokenType.False:
                output.Write("false"u8);
                break;
            case JsonTokenType.Null:
                output.Write("null"u8);
                break;
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.");
        }
    }

    private void WriteArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        output.Write("["u8);
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first)
            {
                output.Write(","u8);
            }
            first = false;
            WriteValue(ref reader, json, output);
        }
        output.Write("]"u8);
    }

    private void WriteObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        var memberStart = memberTop;
        var keyStart = keyTop;

        // Members are gathered first (name plus where the value lies) because they must be
        // written in sorted order, not in the order they appear.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = ReadKey(ref reader);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            PushMember(new Member(key.Start, key.Length, valueStart, (int)reader.BytesConsumed - valueStart));
        }

        var count = memberTop - memberStart;
        SortMembers(memberStart, count);

        output.Write("{"u8);
        for (var i = 0; i < count; i++)
        {
            var member = members[memberStart + i];
            if (i > 0)
            {
                output.Write(","u8);
            }
            JcsString.Write(keys.AsSpan(member.KeyStart, member.KeyLength), output);
            output.Write(":"u8);
            var value = json.Slice(member.ValueStart, member.ValueLength);
            var valueReader = new Utf8JsonReader(value, ReaderOptions);
            valueReader.Read();
            WriteValue(ref valueReader, value, output);
        }
        output.Write("}"u8);

        memberTop = memberStart;
        keyTop = keyStart;
    }

    private (int Start, int Length) ReadKey(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? throw new JsonException("Segmented input is not supported.") : reader.ValueSpan;
        EnsureKeyCapacity(raw.Length);
        var start = keyTop;
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(keys.AsSpan(start));
        }
        else
        {
            raw.CopyTo(keys.AsSpan(start));
            length = raw.Length;
        }
        var key = keys.AsSpan(start, length);
        if (!Utf8.IsValid(key))
        {
            throw new JsonException("Member name is not valid UTF-8.");
        }
        keyTop += length;
        return (start, length);
    }

    private void SortMembers(int start, int count)
    {
        // Insertion sort: objects here are small and usually already in order, so this is
        // linear in the common case and needs no comparer allocation.
        for (var i = start + 1; i < start + count; i++)
        {
            var current = members[i];
            var j = i - 1;
            while (j >= start)
            {
                var order = Utf16KeyOrder.Compare(KeyOf(members[j]), KeyOf(current));
                if (order == 0)
                {
                    throw new JsonException($"Duplicate member name \"{System.Text.Encoding.UTF8.GetString(KeyOf(current))}\".");
                }
                if (order < 0)
                {
                    break;
                }
                members[j + 1] = members[j];
                j--;
            }
            members[j + 1] = current;
        }
    }

    private ReadOnlySpan<byte> KeyOf(Member member) => keys.AsSpan(member.KeyStart, member.KeyLength);

    private void WriteString(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(raw))
            {
                throw new JsonException("String is not valid UTF-8.");
            }
            JcsString.Write(raw, output);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = reader.CopyString(rented);
            var value = rented.AsSpan(0, length);
            if (!Utf8.IsValid(value))
            {
                throw new JsonException("String is not valid UTF-8.");
            }
            JcsString.Write(value, output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteNumber(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        var raw = reader.ValueSpan;
        if (EcmaScriptNumber.IsShortInteger(raw))
        {
            output.Write(raw);
            return;
        }
        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new JsonException("Number is outside the range of an IEEE 754 double.");
        }
        var length = EcmaScriptNumber.Format(value, output.GetSpan(32));
        output.Advance(length);
    }

    private void PushMember(Member member)
    {
        if (memberTop == members.Length)
        {
            Array.Resize(ref members, members.Length * 2);
        }
        members[memberTop++] = member;
    }

    private void EnsureKeyCapacity(int extra)
    {
        if (keyTop + extra > keys.Length)
        {
            Array.Resize(ref keys, Math.Max(keys.Length * 2, keyTop + extra));
        }
    }

    private readonly record struct Member(int KeyStart, int KeyLength, int ValueStart, int ValueLength);
}
