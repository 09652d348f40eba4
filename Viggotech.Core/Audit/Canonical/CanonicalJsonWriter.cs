using System.Buffers;
using System.Globalization;
using System.Text;

namespace Viggotech.Core.Audit.Canonical;

/// <summary>
/// Writes JSON that is already in RFC 8785 form, for documents whose shape is known: callers
/// write members in UTF-16 order themselves, which is cheaper than sorting afterwards. Tests
/// check every document type against <see cref="JsonCanonicalizer"/>.
/// </summary>
public sealed class CanonicalJsonWriter(IBufferWriter<byte> output)
{
    // Rejects lone surrogates instead of silently replacing them, which would change what is hashed.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // One bit per nesting level (documents here are shallow): is it an array, has it an item yet.
    private ulong arrayAtDepth;
    private ulong hasItemAtDepth;
    private int depth;

    public void StartObject()
    {
        BeforeValue();
        Write("{"u8);
        Enter(array: false);
    }

    public void EndObject()
    {
        depth--;
        Write("}"u8);
    }

    public void StartArray()
    {
        BeforeValue();
        Write("["u8);
        Enter(array: true);
    }

    public void EndArray()
    {
        depth--;
        Write("]"u8);
    }

    public void Name(ReadOnlySpan<byte> utf8Name)
    {
        Separate();
        JcsString.Write(utf8Name, output);
        Write(":"u8);
    }

    public void Name(string name)
    {
        Separate();
        WriteQuoted(name);
        Write(":"u8);
    }

    public void String(string? value)
    {
        BeforeValue();
        if (value is null)
        {
            Write("null"u8);
            return;
        }
        WriteQuoted(value);
    }

    public void String(ReadOnlySpan<byte> utf8Value)
    {
        BeforeValue();
        JcsString.Write(utf8Value, output);
    }

    public void Integer(long value)
    {
        if (Math.Abs(value) > EcmaScriptNumber.MaxSafeInteger)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON integers must stay within ±(2^53 − 1) to survive IEEE 754 readers.");
        }
        BeforeValue();
        var span = output.GetSpan(20);
        value.TryFormat(span, out var length, default, CultureInfo.InvariantCulture);
        output.Advance(length);
    }

    public void Null()
    {
        BeforeValue();
        Write("null"u8);
    }

    public void Raw(ReadOnlySpan<byte> canonicalJson)
    {
        BeforeValue();
        Write(canonicalJson);
    }

    private void WriteQuoted(string value)
    {
        var maxBytes = StrictUtf8.GetMaxByteCount(value.Length);
        var rented = maxBytes <= 512 ? null : ArrayPool<byte>.Shared.Rent(maxBytes);
        Span<byte> buffer = rented ?? stackalloc byte[512];
        try
        {
            var length = StrictUtf8.GetBytes(value, buffer);
            JcsString.Write(buffer[..length], output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void Enter(bool array)
    {
        depth++;
        var bit = 1UL << depth;
        hasItemAtDepth &= ~bit;
        arrayAtDepth = array ? arrayAtDepth | bit : arrayAtDepth & ~bit;
    }

    // Array elements need separating commas; an object member's comma was written with its name.
    private void BeforeValue()
    {
        if ((arrayAtDepth & (1UL << depth)) != 0)
        {
            Separate();
        }
    }

    private void Separate()
    {
        var bit = 1UL << depth;
        if ((hasItemAtDepth & bit) != 0)
        {
            Write(","u8);
        }
        hasItemAtDepth |= bit;
    }

    private void Write(ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
