using Microsoft.AspNetCore.Diagnostics;
using Viggotech.KeyVaultEmulator.Secrets;

namespace Viggotech.KeyVaultEmulator.Errors;

/// <summary>
/// Turns every unhandled failure into Key Vault's error shape, so the SDK raises a
/// <c>RequestFailedException</c> with a code rather than failing to parse the body. Malformed
/// requests (bad JSON, wrong content type) become <c>BadParameter</c>.
/// </summary>
public sealed partial class KeyVaultErrorHandler(ILogger<KeyVaultErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = exception is BadHttpRequestException bad
            ? KeyVaultError.BadParameter(bad.Message) with { Status = bad.StatusCode }
            : new KeyVaultError(StatusCodes.Status500InternalServerError, "InternalServerError", "The emulator failed to complete the request.");
        if (error.Status >= StatusCodes.Status500InternalServerError)
        {
            LogFailure(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await error.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method, string path);
}
