using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using Viggotech.Api.Identity;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Sessions;

/// <summary>Ends every session of a user: their sessions go, their tokens are revoked, this browser's cookie is dropped.</summary>
public sealed class SignOutEverywhere(ISessionStore sessions, IOpenIddictTokenManager tokens, IHttpContextAccessor http)
{
    public async Task<int> EndAllAsync(User user, CancellationToken cancellationToken = default)
    {
        var ended = await sessions.RemoveAllForUserAsync(user.TenantId, user.Id, cancellationToken);
        await tokens.RevokeBySubjectAsync(user.Id.ToString(), cancellationToken);
        if (http.HttpContext is { } context)
        {
            await context.SignOutAsync(SignInSchemes.Session);
        }

        return ended;
    }
}
