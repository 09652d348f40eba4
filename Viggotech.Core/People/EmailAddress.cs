using System.Net.Mail;
using System.Text;

namespace Viggotech.Core.People;

public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>The form an address is indexed and compared in: trimmed, Unicode NFC, lower case.</summary>
    public static string Normalise(string address) => address.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>True for one plain address (no display name, no list) of at most 254 characters.</summary>
    public static bool IsValid(string address)
    {
        var trimmed = address.Trim();
        return trimmed.Length is > 0 and <= MaxLength
            && MailAddress.TryCreate(trimmed, out var parsed)
            && string.Equals(parsed.Address, trimmed, StringComparison.Ordinal)
            && parsed.Host.Contains('.', StringComparison.Ordinal);
    }
}
