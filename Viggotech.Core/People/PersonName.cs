using System.Globalization;
using System.Text;

namespace Viggotech.Core.People;

/// <summary>
/// How a name is cut into searchable words: Unicode compatibility-decomposed, accents removed,
/// lower case, split at anything that is not a letter or digit. "José Müller-Smith" gives
/// "jose", "muller", "smith". Each word becomes one blind-index token of <c>people.name_tokens</c>.
/// </summary>
public static class PersonName
{
    /// <summary>Words beyond this are not indexed: a name is not a document.</summary>
    public const int MaxWords = 16;

    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Take(MaxWords).ToList();
    }
}
