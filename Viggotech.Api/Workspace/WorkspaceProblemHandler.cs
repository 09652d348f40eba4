using Microsoft.AspNetCore.Diagnostics;
using Viggotech.Core.Crypto;
using Viggotech.Core.Documents;
using Viggotech.Core.People;

namespace Viggotech.Api.Workspace;

/// <summary>
/// Turns what encrypted workspace data can throw into problem details instead of a 500: field
/// errors for bad input, and a clear answer when stored data fails its integrity check or the
/// tenant's keys are gone. Integrity failures were already recorded in the tenant's audit trail by
/// the code that found them (through <c>IKeyEventSink</c>); nothing of the damaged value is returned.
/// </summary>
internal sealed partial class WorkspaceProblemHandler(ILogger<WorkspaceProblemHandler> logger) : IExceptionHandler
{
    public const string IntegrityProblemType = "https://viggotech.io/problems/data-integrity";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        IResult? result = exception switch
        {
            PersonValidationException e => TypedResults.ValidationProblem(FieldErrors.CamelCase(e.Errors)),
            DocumentRejectedException e => TypedResults.ValidationProblem(FieldErrors.CamelCase(e.Errors)),
            DataIntegrityException e => Integrity(e),
            TenantKeyDestroyedException => TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "This organisation's encryption keys were destroyed",
                detail: "Its encrypted data can no longer be read by anyone."),
            TenantKeyUnavailableException => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Encryption keys are not available right now",
                detail: "Nothing was changed. Try again in a minute."),
            _ => null,
        };
        if (result is null || context.Response.HasStarted)
        {
            return false;
        }

        await result.ExecuteAsync(context);
        return true;
    }

    private IResult Integrity(DataIntegrityException e)
    {
        LogIntegrity(logger, e.Target, e.RowId, e.Failure);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            type: IntegrityProblemType,
            title: "Stored data failed its integrity check",
            detail: $"The stored {e.Target} of {e.RowId} was altered or does not belong here ({e.Failure}); nothing of it was returned. The failure was recorded in the audit trail.",
            extensions: new Dictionary<string, object?> { ["target"] = e.Target, ["failure"] = e.Failure.ToString() });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integrity check failed for {Target} {RowId}: {Failure}")]
    private static partial void LogIntegrity(ILogger logger, string target, Guid? rowId, IntegrityFailure failure);
}
