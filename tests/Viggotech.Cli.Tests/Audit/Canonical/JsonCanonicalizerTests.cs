using System.Text;
using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Cli.Tests.Audit.Canonical;

/// <summary>Vectors from RFC 8785 (sections 3.2.2, 3.2.3) and ECMAScript's JSON.stringify.</summary>
public sealed class JsonCanonicalizerTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Rfc8785_sample_object_is_canonicalised_byte_for_byte()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.Equal(
            """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""",
            Canonical(input));
    }

    [Fact]
    public void Members_are_sorted_by_utf16_code_units_including_non_ascii_and_surrogate_pairs()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        using var document = JsonDocument.Parse(Canonical(input));
        var order = document.RootElement.EnumerateObject().Select(p => p.Value.GetString()!).ToArray();
        Assert.Equal(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            order);
    }

    [Fact]
    public void Strings_are_escaped_as_ecmascript_does()
    {
        // Only ", \ and C0 controls are escaped; the short forms where they exist, else lowercase \u00xx.
        // DEL, U+2028/U+2029, "/" and non-ASCII stay literal.
        var input = "\"\\u0000\\u0001\\u001f\\u007f\\u2028\\u2029\\/\\b\\t\\n\\f\\r\\\"\\\\é\\ud83d\\ude00\"";
        Assert.Equal("\"\\u0000\\u0001\\u001f\u007f\u2028\u2029/\\b\\t\\n\\f\\r\\\"\\\\é😀\"", Canonical(input));
    }

    [Fact]
    public void Nested_objects_and_arrays_are_sorted_and_compacted()
    {
        Assert.Equal("""{"a":[{"x":1,"y":2},[]],"b":{}}""", Canonical("""{ "b" : { }, "a" : [ { "y" : 2, "x" : 1 }, [ ] ] }"""));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00x\"")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("1e400")]
    [InlineData("")]
    public void Input_that_two_parsers_could_read_differently_is_rejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] json = [(byte)'"', 0xC3, 0x28, (byte)'"'];
        Assert.ThrowsAny<JsonException>(() => JsonCanonicalizer.Canonicalize(json));
    }

    [Fact]
    public void Canonical_text_is_a_fixed_point()
    {
        const string canonical = """{"a":"é\u001f","b":[1,-2,0.5,1e+21],"c":null}""";
        Assert.Equal(canonical, Canonical(canonical));
    }
}
