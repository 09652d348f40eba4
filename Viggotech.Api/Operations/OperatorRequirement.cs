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

public sealed class OperatorHandler(PlatformDbContext db, PlatformOperators operators, ISessionStore sessions) : AuthorizationHandler<OperatorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (await OperatorAccess.IsOperatorSessionAsync(context.User, db, operators, sessions))
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

    public static async Task<bool> IsOperatorSessionAsync(System.Security.Claims.ClaimsPrincipal principal, PlatformDbContext db, PlatformOperators operators, ISessionStore sessions)
    {
        if (!Guid.TryParse(principal.FindFirst("sub")?.Value, out var userId)
            || principal.FindFirst(SessionClaimTypes.SessionId)?.Value is not { } sessionId
            || await sessions.GetAsync(sessionId) is not { } session
            || session.UserId != userId
            || !session.MfaMethod.Split(' ').Any(OperatorRequirement.SecondFactors.Contains))
        {
            return false;
        }

        var account = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.NormalizedEmail, u.EmailConfirmed }).SingleOrDefaultAsync();
        return account is { EmailConfirmed: true, NormalizedEmail: { } email } && await operators.IsOperatorAsync(email);
    }
}
