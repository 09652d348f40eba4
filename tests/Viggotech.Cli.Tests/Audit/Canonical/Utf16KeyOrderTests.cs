using System.Text;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Cli.Tests.Audit.Canonical;

public sealed class Utf16KeyOrderTests
{
    [Theory]
    [InlineData("a", "b")]
    [InlineData("last", "lastHash")]
    [InlineData("Z", "a")]
    [InlineData("\u00f6", "\u20ac")]
    [InlineData("\ud83d\ude00", "\ufb33")]
    [InlineData("\ud83d\ude00", "\uffff")]
    [InlineData("x\ud83d\ude00", "x\ue000")]
    [InlineData("\u0800", "\ud83d\ude00")]
    public void Orders_like_string_compare_ordinal(string smaller, string larger)
    {
        Assert.True(string.CompareOrdinal(smaller, larger) < 0, "the vector itself must be in UTF-16 order");
        Assert.True(Utf16KeyOrder.Compare(Encoding.UTF8.GetBytes(smaller), Encoding.UTF8.GetBytes(larger)) < 0);
        Assert.True(Utf16KeyOrder.Compare(Encoding.UTF8.GetBytes(larger), Encoding.UTF8.GetBytes(smaller)) > 0);
    }

    [Fact]
    public void Equal_names_compare_equal()
    {
        Assert.Equal(0, Utf16KeyOrder.Compare("ünïcødé"u8, "ünïcødé"u8));
    }
}
