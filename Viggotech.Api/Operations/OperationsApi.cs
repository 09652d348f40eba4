using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Core.Alerts;
using Viggotech.Core.Continuity.Drills;
using Viggotech.Core.Data;

namespace Viggotech.Api.Operations;

/// <summary>
/// The operator pages' Api: open operator alerts (failed backups and restore tests, ...) with
/// acknowledgement, and the DR drill reports. Platform rows only; no tenant data crosses here.
/// </summary>
public static class OperationsApi
{
    public static RouteGroupBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/operations").RequireOperator();
        group.MapGet("/alerts", ListAlertsAsync);
        group.MapPost("/alerts/{id:long}/acknowledge", AcknowledgeAsync);
        group.MapGet("/drills", ListDrillsAsync);
        return group.MapRestoreRequests();
    }

    public static async Task<Ok<List<OperatorAlertView>>> ListAlertsAsync(OperatorAlerts alerts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await alerts.OpenAsync(100, cancellationToken))
            .Select(a => new OperatorAlertView(a.Id, a.RaisedAt, a.Kind, a.ConcernsTenantId, a.Subject, a.Message)).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> AcknowledgeAsync(
        long id, HttpContext context, OperatorAlerts alerts, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var who = await OperatorIdentity.EmailAsync(context, db, cancellationToken);
        return await alerts.AcknowledgeAsync(id, who, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No open alert has that id.", detail: "It may have been acknowledged already.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Ok<List<DrillReportView>>> ListDrillsAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.RecentDrillReportsAsync(20, cancellationToken)).Select(DrillReportView.From).ToList());
}

public sealed record OperatorAlertView(long Id, DateTimeOffset RaisedAt, string Kind, Guid? TenantId, string Subject, string Message);

public sealed record DrillReportView(
    Guid Id, string Kind, string FromRegion, string ToRegion, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    long AcknowledgedWrites, long LostWrites, long? RecoveryMs, bool Succeeded, string? Error, IReadOnlyList<DrillStep> Steps)
{
    public static DrillReportView From(DrillReport report) => new(
        report.Id, report.Kind, report.FromRegion, report.ToRegion, report.StartedAt, report.FinishedAt,
        report.AcknowledgedWrites, report.LostWrites, report.RecoveryMs, report.Succeeded, report.Error,
        JsonSerializer.Deserialize<List<DrillStep>>(report.Steps, FailoverDrill.JsonOptions) ?? []);
}
