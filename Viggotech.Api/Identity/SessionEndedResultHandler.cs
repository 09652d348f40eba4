using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Viggotech.Api.Access;

namespace Viggotech.Api.Identity;

/// <summary>
/// A token whose session has ended is answered 401 with <c>invalid_token</c>, as an expired token
/// would be, so clients sign the user out instead of treating it as a missing permission.
/// </summary>
public sealed class SessionEndedResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ActiveSessionRequirement>().Any() == true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The session has ended.\"";
            await Results.Problem(title: "Signed out", detail: "This session has ended. Sign in again.", statusCode: StatusCodes.Status401Unauthorized)
                .ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault() is { } missing)
        {
            await Results.Problem(title: "Not allowed", detail: $"Your roles do not grant the permission '{missing.Permission}'.", statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
