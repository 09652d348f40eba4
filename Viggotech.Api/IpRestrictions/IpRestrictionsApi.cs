using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Core.Alerts;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.IpRestrictions;

namespace Viggotech.Api.IpRestrictions;

/// <summary>The tenant's IP allow list: read, replace (with mode), check an address, recent blocked attempts.</summary>
public static class IpRestrictionsApi
{
    public static RouteGroupBuilder MapIpRestrictionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ip-restrictions");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.PoliciesRead);
        group.MapPut("/", SaveAsync).RequirePermission(Permissions.PoliciesManage);
        group.MapPost("/check", CheckAsync).RequirePermission(Permissions.PoliciesRead);
        group.MapGet("/blocked", BlockedAsync).RequirePermission(Permissions.PoliciesRead);
        return group;
    }

    public static async Task<Ok<IpRestrictionsView>> GetAsync(HttpContext context, PlatformDbContext db) =>
        TypedResults.Ok(await ViewAsync(context, db));

    public static async Task<Results<Ok<IpRestrictionsView>, ValidationProblem>> SaveAsync(
        IpRestrictionsInput input, HttpContext context, PlatformDbContext db, IAuditTrail audit, SecurityAlerts alerts, IpAllowLists lists, AllowListChanges changes, TimeProvider clock)
    {
        var (errors, ranges) = input.Validate();
        var own = context.Connection.RemoteIpAddress;
        if (errors.Count == 0 && input.Mode == IpRestrictionModes.Enforce && !input.ConfirmExcludingOwnAddress
            && new IpAllowList(input.Mode, ranges).Decide(own) != IpDecision.Allowed)
        {
            errors[nameof(IpRestrictionsInput.ConfirmExcludingOwnAddress).ToCamelCase()] =
                [$"Your current address {own} is not in this list: saving it blocks you too. Confirm to save anyway."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenantId = db.TenantId!.Value;
        var now = clock.GetUtcNow();
        await db.InTransactionAsync(async ct =>
        {
            var settings = await db.IpRestrictionSettings.SingleOrDefaultAsync(ct);
            var previousMode = settings?.Mode ?? IpRestrictionModes.Off;
            if (settings is null)
            {
                settings = new IpRestrictionSettings { TenantId = tenantId };
                db.IpRestrictionSettings.Add(settings);
            }

            settings.Mode = input.Mode;
            settings.UpdatedAt = now;
            var existing = await db.IpRanges.ToListAsync(ct);
            var wanted = input.Ranges.Zip(ranges).ToDictionary(r => r.Second.Network.ToString(), r => r.First.Label.Trim(), StringComparer.Ordinal);
            var removed = existing.Where(r => !wanted.TryGetValue(r.Cidr, out var label) || label != r.Label).ToList();
            db.IpRanges.RemoveRange(removed);
            var kept = existing.Except(removed).Select(r => r.Cidr).ToHashSet(StringComparer.Ordinal);
            var added = wanted.Where(w => !kept.Contains(w.Key)).ToList();
            foreach (var (cidr, label) in added)
            {
                db.IpRanges.Add(new IpRange { Id = Guid.CreateVersion7(), TenantId = tenantId, Cidr = cidr, Label = label, CreatedAt = now });
            }

            await db.SaveChangesAsync(ct);
            var details = new Dictionary<string, string>
            {
                ["mode"] = input.Mode,
                ["previous_mode"] = previousMode,
                ["ranges"] = Clip(string.Join(", ", wanted.Keys)),
                ["added"] = Clip(string.Join(", ", added.Select(a => a.Key))),
                ["removed"] = Clip(string.Join(", ", removed.Select(r => r.Cidr))),
            };
            await audit.RecordAsync(AuditActions.IpRestrictionChange, new AuditTarget("ip_restrictions", tenantId.ToString()), AuditResult.Success, details, ct);
            await alerts.RaiseAsync(SecurityAlertKinds.IpListChanged, $"{previousMode} → {input.Mode}, {wanted.Count} range(s)", details, cancellationToken: ct);
        });
        lists.Invalidate(tenantId);
        await changes.PublishAsync(tenantId);
        return TypedResults.Ok(await ViewAsync(context, db));
    }

    public static async Task<Results<Ok<IpCheckResult>, ValidationProblem>> CheckAsync(IpCheckInput input, IpAllowLists lists)
    {
        if (!IPAddress.TryParse(input.Address?.Trim(), out var address) || address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["address"] = ["Enter an IPv4 or IPv6 address such as 203.0.113.7."] });
        }

        var list = await lists.CurrentAsync();
        var match = list.Match(address);
        var decision = list.Decide(address);
        return TypedResults.Ok(new IpCheckResult(
            CidrNotation.Normalize(address).ToString(), list.Mode, match is not null, match?.Network.ToString(), match?.Label,
            decision switch { IpDecision.Blocked => "blocked", IpDecision.WouldBlock => "would-block", _ => "allowed" }));
    }

    public static async Task<Ok<List<BlockedAttemptView>>> BlockedAsync(PlatformDbContext db) =>
        TypedResults.Ok(await db.IpBlockedAttempts.AsNoTracking().OrderByDescending(a => a.OccurredAt).Take(50)
            .Select(a => new BlockedAttemptView(a.OccurredAt, a.IpAddress, a.Channel, a.Enforced, a.UserId))
            .ToListAsync());

    private static async Task<IpRestrictionsView> ViewAsync(HttpContext context, PlatformDbContext db)
    {
        var mode = await db.IpRestrictionSettings.AsNoTracking().Select(s => s.Mode).SingleOrDefaultAsync() ?? IpRestrictionModes.Off;
        var ranges = await db.IpRanges.AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Cidr)
            .Select(r => new IpRangeView(r.Id, r.Cidr, r.Label, r.CreatedAt)).ToListAsync();
        var own = context.Connection.RemoteIpAddress;
        var inList = new IpAllowList(IpRestrictionModes.Enforce, ranges.Select(r => new AllowedRange(CidrNotation.Parse(r.Cidr).Network!.Value, r.Label)).ToList())
            .Match(own) is not null;
        return new IpRestrictionsView(mode, ranges, own is null ? null : CidrNotation.Normalize(own).ToString(), inList);
    }

    // Audit details are limited in length; a long list is summarised by its start (the table keeps all of it).
    private static string Clip(string text) => text.Length <= 400 ? text : text[..400] + " …";

    private static string ToCamelCase(this string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

public sealed record IpRangeInput(string Cidr, string Label);

public sealed record IpRestrictionsInput(string Mode, IReadOnlyList<IpRangeInput> Ranges, bool ConfirmExcludingOwnAddress = false)
{
    public const int MaxRanges = 200;

    /// <summary>Field errors keyed like the JSON (<c>ranges[2].cidr</c>), and the parsed ranges when there are none.</summary>
    public (Dictionary<string, string[]> Errors, List<AllowedRange> Ranges) Validate()
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = new List<AllowedRange>();
        var ranges = Ranges ?? [];
        if (!IpRestrictionModes.All.Contains(Mode))
        {
            errors["mode"] = ["Choose off, report-only or enforce."];
        }

        if (ranges.Count > MaxRanges)
        {
            errors["ranges"] = [$"At most {MaxRanges} ranges."];
        }
        else if (Mode != IpRestrictionModes.Off && ranges.Count == 0)
        {
            errors["ranges"] = ["Add at least one range before turning restrictions on."];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ranges.Count; i++)
        {
            var (network, error) = CidrNotation.Parse(ranges[i].Cidr);
            if (network is null)
            {
                errors[$"ranges[{i}].cidr"] = [error!];
            }
            else if (!seen.Add(network.Value.ToString()))
            {
                errors[$"ranges[{i}].cidr"] = [$"{network} is already in the list."];
            }
            else
            {
                parsed.Add(new AllowedRange(network.Value, ranges[i].Label?.Trim() ?? ""));
            }

            if (string.IsNullOrWhiteSpace(ranges[i].Label) || ranges[i].Label.Trim().Length > 100)
            {
                errors[$"ranges[{i}].label"] = ["Give each range a label of 1 to 100 characters (for example \"Head office\")."];
            }
        }

        return (errors, parsed);
    }
}

public sealed record IpRestrictionsView(string Mode, IReadOnlyList<IpRangeView> Ranges, string? YourAddress, bool YourAddressInList);

public sealed record IpRangeView(Guid Id, string Cidr, string Label, DateTimeOffset CreatedAt);

public sealed record IpCheckInput(string? Address);

public sealed record IpCheckResult(string Address, string Mode, bool InList, string? MatchedRange, string? MatchedLabel, string Decision);

public sealed record BlockedAttemptView(DateTimeOffset OccurredAt, string IpAddress, string Channel, bool Enforced, Guid? UserId);
