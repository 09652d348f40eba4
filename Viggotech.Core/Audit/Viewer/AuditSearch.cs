using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Viewer;

/// <summary>
/// The audit viewer's search over the current tenant's trail, newest first, paged by sequence
/// number (keyset), so a page costs the same however deep the reader goes and events recorded
/// meanwhile never shift a page.
/// </summary>
public sealed partial class AuditSearch(PlatformDbContext db, ITenantContext tenant)
{
    /// <exception cref="AuditValidationException">A filter that cannot match anything as written (by field).</exception>
    public async Task<AuditSearchPage> FindAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        Validate(query);
        _ = tenant.TenantId ?? throw new InvalidOperationException("The audit trail is a tenant's: enter the tenant first.");

        var events = db.AuditEvents.AsNoTracking();
        if (Trimmed(query.Actor) is { } actor)
        {
            var ids = new List<string> { actor };
            if (actor.Contains('@', StringComparison.Ordinal))
            {
                var normalized = actor.ToUpperInvariant();
                ids.AddRange(await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
                    .Select(u => u.Id.ToString()).ToListAsync(cancellationToken));
            }
            events = events.Where(e => ids.Contains(e.ActorId));
        }
        if (Trimmed(query.Action) is { } action)
        {
            var family = action.EndsWith(".*", StringComparison.Ordinal) ? action[..^1] : null;
            events = family is not null ? events.Where(e => e.Action.StartsWith(family)) : events.Where(e => e.Action == action);
        }
        if (Trimmed(query.Target) is { } target)
        {
            events = events.Where(e => e.TargetId == target);
        }
        if (Trimmed(query.Result) is { } result)
        {
            events = events.Where(e => e.Result == result);
        }
        if (Trimmed(query.Ip) is { } ip)
        {
            var address = IPAddress.Parse(ip).ToString();
            events = events.Where(e => e.Ip == address);
        }
        if (query.From is { } from)
        {
            events = events.Where(e => e.Time >= from);
        }
        if (query.To is { } to)
        {
            events = events.Where(e => e.Time < to);
        }
        if (query.Before is { } before)
        {
            events = events.Where(e => e.Seq < before);
        }

        var rows = await events.OrderByDescending(e => e.Seq).Take(query.Limit + 1)
            .Select(e => new { e.Seq, e.Time, e.ActorType, e.ActorId, e.Action, e.TargetType, e.TargetId, e.Result, e.Ip, e.UserAgent, e.SessionId, e.TraceId, e.Canonical })
            .ToListAsync(cancellationToken);
        var page = rows.Take(query.Limit).ToList();
        var userIds = page.Where(r => r.ActorType == "user").Select(r => Guid.TryParse(r.ActorId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id.ToString(), u => u.Email, cancellationToken);
        return new AuditSearchPage(
            page.Select(r => new AuditEventRow(
                r.Seq, r.Time, r.ActorType, r.ActorId, names.GetValueOrDefault(r.ActorId), r.Action, r.TargetType, r.TargetId, r.Result,
                r.Ip, r.UserAgent, r.SessionId, r.TraceId, Details(r.Canonical))).ToList(),
            rows.Count > query.Limit ? page[^1].Seq : null);
    }

    public static void Validate(AuditQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [message];
            }
        }

        Check(Trimmed(query.Actor) is not { Length: > 256 }, "actor", "An actor is an id or an email address of at most 256 characters.");
        Check(Trimmed(query.Action) is not { } action || ActionPattern().IsMatch(action),
            "action", "An action is dotted lowercase, like user.signin, or a family like user.*.");
        Check(Trimmed(query.Target) is not { Length: > 256 }, "target", "A target is an id of at most 256 characters.");
        Check(Trimmed(query.Result) is null or "success" or "failure" or "denied", "result", "The result is success, failure or denied.");
        Check(Trimmed(query.Ip) is not { } ip || IPAddress.TryParse(ip, out _), "ip", "Enter an IP address such as 203.0.113.7 or 2001:db8::1.");
        Check(query.From is null || query.To is null || query.From < query.To, "to", "The end of the time range must be after its start.");
        Check(query.Before is null or > 0, "before", "The page cursor is a sequence number: 1 or more.");
        Check(query.Limit is >= 1 and <= AuditQuery.MaxLimit, "limit", $"Ask for 1 to {AuditQuery.MaxLimit} events at a time.");
        if (errors.Count > 0)
        {
            throw new AuditValidationException(errors);
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Details live only in the canonical JSON (a flat object of strings); the viewer shows them as they were hashed.
    private static Dictionary<string, string> Details(byte[] canonical)
    {
        using var json = JsonDocument.Parse(canonical);
        return json.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
            ? details.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : [];
    }

    [GeneratedRegex("^[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?$")]
    private static partial Regex ActionPattern();
}
