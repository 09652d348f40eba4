using System.Security.Claims;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;

namespace Viggotech.Api.Audit;

/// <summary>
/// The origin of audit events recorded while serving a request: the signed-in user (<c>sub</c>)
/// or, for a token issued to an application alone, the app (<c>client_id</c>); the client's
/// address and user agent; the session id (<c>sid</c>) the token carries.
/// </summary>
internal sealed class HttpAuditOrigin(IHttpContextAccessor http) : IAuditOriginAccessor
{
    public AuditOrigin Origin
    {
        get
        {
            if (http.HttpContext is not { } context)
            {
                return AuditOrigin.Platform;
            }
            var userAgent = context.Request.Headers.UserAgent.ToString();
            return new AuditOrigin(
                Actor(context.User),
                context.Connection.RemoteIpAddress?.ToString(),
                userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, AuditOriginLimits.UserAgent)],
                context.User.FindFirst("sid")?.Value);
        }
    }

    private static AuditActor Actor(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return new AuditActor(AuditActorType.User, "anonymous");
        }
        var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (subject is not null)
        {
            return new AuditActor(AuditActorType.User, subject);
        }
        return user.FindFirst("client_id")?.Value is { } client
            ? new AuditActor(AuditActorType.App, client)
            : new AuditActor(AuditActorType.User, "unknown");
    }
}
