namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>
/// An error in Key Vault's own shape, <c>{"error":{"code":...,"message":...}}</c>: the SDK reads
/// the code into <c>RequestFailedException.ErrorCode</c>, so callers can branch on it as they would
/// against Azure.
/// </summary>
public sealed record KeyVaultError(int Status, string Code, string Message) : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Status;
        return httpContext.Response.WriteAsJsonAsync(new ErrorBody(new ErrorDetail(Code, Message)));
    }

    public static KeyVaultError SecretNotFound(string name, string? version = null) => new(
        StatusCodes.Status404NotFound,
        "SecretNotFound",
        version is null
            ? $"A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command."
            : $"A secret with (name/id) {name}/{version} was not found in this key vault.");

    public static KeyVaultError DeletedSecretNotFound(string name) =>
        new(StatusCodes.Status404NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");

    public static KeyVaultError InDeletedState(string name) => new(
        StatusCodes.Status409Conflict,
        "Conflict",
        $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.");

    public static KeyVaultError Disabled(string operation) =>
        new(StatusCodes.Status403Forbidden, "Forbidden", $"Operation {operation} is not allowed on a disabled secret.");

    public static KeyVaultError BadParameter(string message) =>
        new(StatusCodes.Status400BadRequest, "BadParameter", message);

    public static KeyVaultError InvalidName(string name) =>
        BadParameter($"The request URI contains an invalid name: {name}");

    public static KeyVaultError MissingToken() =>
        new(StatusCodes.Status401Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");

    private sealed record ErrorBody(ErrorDetail Error);

    private sealed record ErrorDetail(string Code, string Message);
}
