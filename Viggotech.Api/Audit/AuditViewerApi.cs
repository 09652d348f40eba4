using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Audit.Viewer;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Audit;

/// <summary>
/// What the portal's audit pages call: the viewer's search (audit.read) and the tenant's
/// retention (read with audit.read, changed with policies.manage).
/// </summary>
public static class AuditViewerApi
{
    public static RouteGroupBuilder MapAuditViewerApi(this RouteGroupBuilder audit)
    {
        audit.MapGet("/search", SearchAsync).WithName("AuditSearch").RequirePermission(Permissions.AuditRead);
        audit.MapGet("/retention", GetRetentionAsync).WithName("AuditRetention").RequirePermission(Permissions.AuditRead);
        audit.MapPut("/retention", SetRetentionAsync).WithName("SetAuditRetention").RequirePermission(Permissions.PoliciesManage);
        return audit;
    }

    /// <summary><c>GET /api/audit/search?actor=&amp;action=&amp;target=&amp;result=&amp;ip=&amp;from=&amp;to=&amp;before=&amp;limit=</c>, newest first.</summary>
    public static async Task<Results<Ok<AuditSearchPage>, ValidationProblem>> SearchAsync(
        [AsParameters] AuditSearchRequest request, AuditSearch search, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await search.FindAsync(request.ToQuery(), cancellationToken));
        }
        catch (AuditValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary());
        }
    }

    public static async Task<Ok<AuditRetentionView>> GetRetentionAsync(AuditRetention retention, CancellationToken cancellationToken) =>
        TypedResults.Ok(AuditRetentionView.For(await retention.GetDaysAsync(cancellationToken)));

    public static async Task<Results<Ok<AuditRetentionView>, ValidationProblem>> SetRetentionAsync(
        AuditRetentionInput input, AuditRetention retention, CancellationToken cancellationToken)
    {
        try
        {
            await retention.SetDaysAsync(input.RetentionDays, cancellationToken);
            return TypedResults.Ok(AuditRetentionView.For(input.RetentionDays));
        }
        catch (AuditValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary());
        }
    }
}

public sealed record AuditRetentionInput(int RetentionDays);

/// <summary>The retention with the bounds a form needs.</summary>
public sealed record AuditRetentionView(int RetentionDays, int MinimumDays, int MaximumDays, int DefaultDays)
{
    public static AuditRetentionView For(int days) =>
        new(days, AuditRetentionPeriod.MinimumDays, AuditRetentionPeriod.MaximumDays, AuditRetentionPeriod.DefaultDays);
}
