namespace Viggotech.Core.Audit.Canonical;

/// <summary>
/// RFC 8785 sorts property names by their UTF-16 code units. Names arrive as UTF-8, whose byte
/// order equals code point order; the two orders disagree only when a character above U+FFFF
/// (a surrogate pair in UTF-16, 0xD800..) meets one in U+E000..U+FFFF, so only that case is
/// corrected and no transcoding is needed.
/// </summary>
public static class Utf16KeyOrder
{
    public static int Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var common = left.CommonPrefixLength(right);
        if (common == left.Length || common == right.Length)
        {
            return left.Length.CompareTo(right.Length);
        }

        // Both names share everything before the character that differs, so that character
        // starts at the same offset in both.
        var start = common;
        while (start > 0 && (left[start] & 0xC0) == 0x80)
        {
            start--;
        }
        var a = left[start];
        var b = right[start];
        if (IsSupplementaryLead(a) && IsHighBmpLead(b))
        {
            return -1;
        }
        if (IsHighBmpLead(a) && IsSupplementaryLead(b))
        {
            return 1;
        }
        return left[common].CompareTo(right[common]);
    }

    private static bool IsSupplementaryLead(byte lead) => lead >= 0xF0;

    // U+E000..U+FFFF encode with lead bytes 0xEE and 0xEF.
    private static bool IsHighBmpLead(byte lead) => lead is 0xEE or 0xEF;
}
