using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Backups.OperatorRestores;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Data;

namespace Viggotech.Api.Operations;

/// <summary>
/// Operators' restores: the tenants with their backups, a restore request (into a new sandbox
/// tenant with a first owner, or in place with the tenant's slug typed as confirmation), and the
/// requests with the Worker's progress. The Api only checks and stores a request; the Worker runs it.
/// </summary>
public static class RestoreRequestsApi
{
    public static RouteGroupBuilder MapRestoreRequests(this RouteGroupBuilder operations)
    {
        operations.MapGet("/tenants", ListTenantsAsync);
        operations.MapGet("/restores", ListRestoresAsync);
        operations.MapPost("/restores", RequestRestoreAsync);
        operations.MapPost("/restores/{id:guid}/invitation", ResendInvitationAsync);
        return operations;
    }

    public static async Task<Ok<IReadOnlyList<RestorableTenant>>> ListTenantsAsync(RestoreRequests requests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await requests.TenantsAsync(cancellationToken: cancellationToken));

    public static async Task<Ok<List<RestoreRequestView>>> ListRestoresAsync(RestoreRequests requests, CancellationToken cancellationToken) =>
        TypedResults.Ok((await requests.RecentAsync(50, cancellationToken)).Select(RestoreRequestView.From).ToList());

    /// <summary>Stored and audited in the source tenant's trail (as the operator) and in the operator's own (as the user).</summary>
    public static async Task<Results<Accepted<RestoreRequestView>, ValidationProblem>> RequestRestoreAsync(
        RestoreRequestInput input, HttpContext context, RestoreRequests requests, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var operatorEmail = await OperatorIdentity.EmailAsync(context, db, cancellationToken);
        var (errors, request) = await requests.SubmitAsync(input, operatorEmail, cancellationToken);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors, title: "The restore request was not accepted.");
        }

        await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.BackupRestoreRequest, new AuditTarget("backup", request!.BackupId.ToString("D")),
            details: new Dictionary<string, string>
            {
                ["tenant"] = request.SourceTenantId.ToString("D"),
                ["mode"] = RestoreRequests.ModeName(request.Mode),
                ["request"] = request.Id.ToString("D"),
            }, cancellationToken: ct), cancellationToken);
        return TypedResults.Accepted($"/api/operations/restores", RestoreRequestView.From(request!));
    }

    /// <summary>A new invitation link for a sandbox's owner; audited in the sandbox's trail (as the operator) and the operator's own.</summary>
    public static async Task<Results<Ok<RestoreRequestView>, ProblemHttpResult>> ResendInvitationAsync(
        Guid id, HttpContext context, RestoreRequests requests, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var operatorEmail = await OperatorIdentity.EmailAsync(context, db, cancellationToken);
        RestoreRequest? request;
        try
        {
            request = await requests.ResendOwnerInvitationAsync(id, operatorEmail, cancellationToken);
        }
        catch (RestoreRefusedException e)
        {
            return TypedResults.Problem(title: "The invitation was not sent.", detail: e.Message,
                statusCode: e.Field == "mail" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status409Conflict);
        }

        if (request is null)
        {
            return TypedResults.Problem(title: "No restore request has that id.", statusCode: StatusCodes.Status404NotFound);
        }

        await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.UserInvite, new AuditTarget("tenant", request.SandboxTenantId!.Value.ToString("D")),
            details: new Dictionary<string, string> { ["role"] = "owner", ["request"] = request.Id.ToString("D"), ["resend"] = "true" },
            cancellationToken: ct), cancellationToken);
        return TypedResults.Ok(RestoreRequestView.From(request));
    }
}
