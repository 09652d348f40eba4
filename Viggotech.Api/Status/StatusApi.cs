using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Viggotech.Core.Continuity.Status;

namespace Viggotech.Api.Status;

/// <summary>The public status page's data: anonymous by design, it names components and figures, never hosts or errors.</summary>
public static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/status").WithTags("Status");
        group.MapGet("/", GetStatusAsync).AllowAnonymous().WithName("GetPlatformStatus");
        return group;
    }

    public static async Task<Results<Ok<PlatformStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        PlatformStatusQuery query, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(PlatformStatusResponse.From(await query.GetAsync(cancellationToken)));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException { InnerException: NpgsqlException })
        {
            loggers.CreateLogger(typeof(StatusApi)).LogWarning("The status record could not be read: {Error}", e.GetType().Name);
            return TypedResults.Problem(
                title: "Platform status is unavailable",
                detail: "The status record cannot be read right now. Please try again in a minute.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
