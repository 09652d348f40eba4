using System.Globalization;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Viewer;

namespace Viggotech.Api.Audit;

/// <summary>
/// The viewer's query string, taken as text so that a malformed time or number becomes a field
/// error rather than a bare 400: <c>actor, action, target, result, ip, from, to</c> (ISO 8601,
/// with an offset or Z), <c>before</c> (the previous page's cursor) and <c>limit</c>.
/// </summary>
public sealed record AuditSearchRequest(
    string? Actor, string? Action, string? Target, string? Result, string? Ip, string? From, string? To, string? Before, string? Limit)
{
    /// <exception cref="AuditValidationException">A value that does not parse, or a filter <see cref="AuditSearch.Validate"/> refuses.</exception>
    public AuditQuery ToQuery()
    {
        var errors = new Dictionary<string, string[]>();
        var from = Time(From, "from", errors);
        var to = Time(To, "to", errors);
        var before = Number(Before, "before", errors);
        var limit = Number(Limit, "limit", errors);
        if (errors.Count > 0)
        {
            throw new AuditValidationException(errors);
        }

        var query = new AuditQuery(Actor, Action, Target, Result, Ip, from, to, before, (int?)limit ?? AuditQuery.DefaultLimit);
        if (limit is > int.MaxValue)
        {
            throw AuditValidationException.For("limit", $"Ask for 1 to {AuditQuery.MaxLimit} events at a time.");
        }
        AuditSearch.Validate(query);
        return query;
    }

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        errors[field] = ["Enter a date and time such as 2026-03-01T09:00:00Z."];
        return null;
    }

    private static long? Number(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        errors[field] = ["Enter a whole number."];
        return null;
    }
}
