using System.Globalization;

namespace Viggotech.Core.Audit;

/// <summary>
/// Times in the audit format: UTC, exactly six fractional digits, "Z". Microseconds because that
/// is what PostgreSQL keeps, so an event read back from the database hashes the same.
/// </summary>
public static class AuditTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string ToText(DateTimeOffset time) =>
        Truncate(time).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
