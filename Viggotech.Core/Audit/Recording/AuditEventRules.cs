using System.Text.RegularExpressions;

namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// What an event may contain. Broken rules are programming errors, so they throw: an event is
/// checked before anything is written, and the transaction of the change fails with it.
/// </summary>
internal static partial class AuditEventRules
{
    public const int MaxTextLength = 512;
    public const int MaxDetails = 32;

    public static void Check(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Action.Length > 100 || !ActionPattern().IsMatch(e.Action))
        {
            throw new ArgumentException($"Audit action \"{e.Action}\" is not dotted lowercase (for example \"user.signin\").", nameof(e));
        }
        Require(e.Actor.Id, "actor id");
        if (e.Target is { } target)
        {
            Require(target.Type, "target type");
            Require(target.Id, "target id");
        }
        Limit(e.Ip, "ip");
        Limit(e.UserAgent, "user agent");
        Limit(e.Session, "session");
        Limit(e.Trace, "trace");
        if (e.Details is { } details)
        {
            if (details.Count > MaxDetails)
            {
                throw new ArgumentException($"An audit event carries at most {MaxDetails} details.", nameof(e));
            }
            foreach (var (name, value) in details)
            {
                Require(name, "detail name");
                Limit(value, $"detail \"{name}\"");
            }
        }
    }

    private static void Require(string value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The audit {what} is empty.");
        }
        Limit(value, what);
    }

    private static void Limit(string? value, string what)
    {
        if (value is { Length: > MaxTextLength })
        {
            throw new ArgumentException($"The audit {what} is longer than {MaxTextLength} characters.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();
}
