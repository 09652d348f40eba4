using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Sessions;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Operators;

namespace Viggotech.Api.Operations;

/// <summary>
/// The caller operates the platform: their account's confirmed email is on the operator list, and
/// this session was signed in with a second factor (authenticator code, recovery code or passkey).
/// Checked on every request against the list as it is now, so removing someone takes effect at once.
/// </summary>
public sealed class OperatorRequirement : IAuthorizationRequirement
{
    public const string Policy = "operator";

    /// <summary>Sign-in methods (amr values) that count as a second factor for operator work.</summary>
    public static readonly IReadOnlySet<string> SecondFactors = new HashSet<string>(StringComparer.Ordinal) { "otp", "rec", "hwk" };
}

public sealed class OperatorHandler(PlatformDbContext db, ISessionStore sessions) : AuthorizationHandler<OperatorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (context.Resource is HttpContext http && await OperatorAccess.IsOperatorSessionAsync(http, db, sessions))
        {
            context.Succeed(requirement);
        }
    }
}

public static class OperatorAccess
{
    /// <summary>The endpoint is for operators only (see <see cref="OperatorRequirement"/>), on top of a live session.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OperatorRequirement.Policy);

    /// <summary>
    /// True when this request's session used a second factor and its user's confirmed email is on the
    /// operator list. Reuses the session the active-session check already read, and asks the
    /// database once.
    /// </summary>
    public static async Task<bool> IsOperatorSessionAsync(HttpContext http, PlatformDbContext db, ISessionStore sessions)
    {
        var principal = http.User;
        if (!Guid.TryParse(principal.FindFirst("sub")?.Value, out var userId)
            || principal.FindFirst(SessionClaimTypes.SessionId)?.Value is not { } sessionId)
        {
            return false;
        }

        var session = http.Items.TryGetValue(typeof(SessionRecord), out var read) && read is SessionRecord known && known.Id == sessionId
            ? known
            : await sessions.GetAsync(sessionId);
        if (session is null || session.UserId != userId || !session.MfaMethod.Split(' ').Any(OperatorRequirement.SecondFactors.Contains))
        {
            return false;
        }

        return await db.Set<User>().AsNoTracking().AnyAsync(u => u.Id == userId && u.EmailConfirmed
            && db.Set<PlatformOperator>().Any(o => o.NormalizedEmail == u.NormalizedEmail), http.RequestAborted);
    }
}
