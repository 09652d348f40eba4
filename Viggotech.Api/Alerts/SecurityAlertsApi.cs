using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Core.Alerts;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Alerts;

/// <summary>The tenant's security alerts, newest first.</summary>
public static class SecurityAlertsApi
{
    public static RouteGroupBuilder MapSecurityAlertsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/security-alerts");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.PoliciesRead);
        return group;
    }

    public static async Task<Ok<List<SecurityAlertView>>> ListAsync(PlatformDbContext db, string? kind = null)
    {
        var query = db.SecurityAlerts.AsNoTracking();
        if (!string.IsNullOrEmpty(kind))
        {
            query = query.Where(a => a.Kind == kind);
        }

        var alerts = await query.OrderByDescending(a => a.RaisedAt).Take(100).ToListAsync();
        return TypedResults.Ok(alerts.Select(a => new SecurityAlertView(
            a.Id, a.RaisedAt, a.Kind, SecurityAlertKinds.Titles.GetValueOrDefault(a.Kind, a.Kind), a.Subject, SecurityAlerts.DetailsOf(a))).ToList());
    }
}

public sealed record SecurityAlertView(Guid Id, DateTimeOffset RaisedAt, string Kind, string Title, string Subject, IReadOnlyDictionary<string, string> Details);
