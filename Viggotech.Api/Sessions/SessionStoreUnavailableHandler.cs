using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Viggotech.Api.Sessions;

/// <summary>
/// Redis unreachable means sessions cannot be checked: the request is refused with 503 problem
/// details (fail closed), never served unchecked and never answered with a 500.
/// </summary>
public sealed partial class SessionStoreUnavailableHandler(IProblemDetailsService problems, ILogger<SessionStoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsSessionStoreFailure(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "Sign-in sessions cannot be checked right now, so the request was refused. Try again in a moment.",
            },
        });
    }

    public static bool IsSessionStoreFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisException or RedisTimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session store unreachable ({ExceptionType}); request refused with 503")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
