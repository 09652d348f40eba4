using System.Buffers.Binary;
using System.Text;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Cli.Tests.Audit.Canonical;

public sealed class EcmaScriptNumberTests
{
    /// <summary>RFC 8785 appendix B: IEEE 754 bit patterns and the text ECMAScript prints for them.</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Rfc8785_number_vectors_format_like_ecmascript(string bits, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(bits)));
        Assert.Equal(expected, EcmaScriptNumber.Format(value));
    }

    [Theory]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-6, "0.0000015")]
    [InlineData(1.23e-18, "1.23e-18")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(100d, "100")]
    [InlineData(0.1, "0.1")]
    public void Exponent_notation_starts_where_ecmascript_starts_it(double value, string expected)
    {
        Assert.Equal(expected, EcmaScriptNumber.Format(value));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("42", true)]
    [InlineData("-42", true)]
    [InlineData("999999999999999", true)]
    [InlineData("9999999999999999", false)]
    [InlineData("-0", false)]
    [InlineData("007", false)]
    [InlineData("1.0", false)]
    [InlineData("1e3", false)]
    public void Short_integers_are_recognised_as_already_canonical(string text, bool expected)
    {
        Assert.Equal(expected, EcmaScriptNumber.IsShortInteger(Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Values_json_cannot_hold_are_refused(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EcmaScriptNumber.Format(value));
    }
}
