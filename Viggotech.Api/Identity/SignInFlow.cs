using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using StackExchange.Redis;
using Viggotech.Api.Sessions;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.IpRestrictions;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Identity;

/// <summary>
/// The steps of signing in: find the account's tenant through the sign-in directory, enter that
/// tenant, check the password with lockout, then the second factor, enrolment or password change
/// the tenant's policy asks for, and finally a session and the Api's sign-in cookie.
/// </summary>
public sealed class SignInFlow(
    PlatformDbContext db,
    TenantContext tenant,
    UserManager<User> users,
    SecurityPolicies policies,
    SignInHistory history,
    AccountAudit audit,
    ISessionStore sessions,
    IConnectionMultiplexer redis,
    TimeProvider clock,
    IHttpContextAccessor http,
    IConfiguration configuration,
    IUserPermissions permissions,
    IpAllowLists allowLists,
    IpBlockRecorder blocks)
{
    public const string WrongCredentials = "The email or password is not right.";
    public const string NotFromHere = "Your organisation does not allow sign-in from this network. Connect from an allowed network or ask your administrator.";
    public const string LockedOut = "Too many failed attempts. The account is locked for a while; try again later or reset your password.";

    // Verifying against a throwaway hash costs the same as a real check, so an unknown email answers as slowly as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    private HttpContext Http => http.HttpContext ?? throw new InvalidOperationException("No request.");

    public async Task<SignInStep> PasswordAsync(string email, string password, string returnUrl, CancellationToken cancellationToken = default)
    {
        var normalized = users.NormalizeEmail(email.Trim()) ?? "";
        var location = normalized.Length == 0 ? null : await db.FindByEmailAsync(normalized, cancellationToken);
        if (location is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
            await history.RecordUnknownAccountAsync(cancellationToken);
            // Unknown addresses lock like real ones, so lockout reveals nothing either.
            var failures = await redis.GetDatabase().StringIncrementAsync(UnknownKey(normalized));
            await redis.GetDatabase().KeyExpireAsync(UnknownKey(normalized), TimeSpan.FromMinutes(15));
            return SignInStep.Fail(failures > 5 ? LockedOut : WrongCredentials);
        }

        tenant.Enter(location.TenantId);
        var user = await users.FindByIdAsync(location.UserId.ToString());
        if (user is null)
        {
            return SignInStep.Fail(WrongCredentials);
        }

        var policy = await policies.CurrentAsync(cancellationToken);
        if (await users.IsLockedOutAsync(user))
        {
            users.PasswordHasher.VerifyHashedPassword(user, DummyHash.Value, password);
            await history.RecordAsync(user, SignInOutcomes.LockedOut, SignInFailureReasons.LockedOut, "password", cancellationToken);
            return SignInStep.Fail(LockedOut);
        }

        if (user.PasswordHash is null || !await users.CheckPasswordAsync(user, password))
        {
            var locked = await RecordFailureAsync(user, policy, SignInFailureReasons.WrongPassword, "password", cancellationToken);
            return SignInStep.Fail(locked ? LockedOut : WrongCredentials);
        }

        if (!user.EmailConfirmed)
        {
            await history.RecordAsync(user, SignInOutcomes.Failed, SignInFailureReasons.EmailNotConfirmed, "password", cancellationToken);
            return SignInStep.Fail("Confirm your email address first: open the link in the email we sent you.");
        }

        await users.ResetAccessFailedCountAsync(user);
        // Checked after the password so that the answer tells nobody without it whether the account exists.
        if (await AddressRefusedAsync(user, cancellationToken))
        {
            await history.RecordAsync(user, SignInOutcomes.Failed, SignInFailureReasons.IpNotAllowed, "password", cancellationToken);
            return SignInStep.Fail(NotFromHere);
        }

        var compliant = MeetsPolicy(user, policy, password) && !PasswordTooOld(user, policy);
        return SignInStep.Go(await NextAsync(user, policy, "pwd", compliant, returnUrl, cancellationToken));
    }

    /// <summary>Decides what comes after the factors in <paramref name="amr"/>; signs in when nothing is left.</summary>
    public async Task<string> NextAsync(User user, TenantSecurityPolicy policy, string amr, bool passwordCompliant, string returnUrl, CancellationToken cancellationToken = default)
    {
        var methods = amr.Split(' ');
        var hasSecondFactor = methods.Length > 1 || methods.Contains("hwk");
        // Phishing-resistant admins: only a passkey completes their sign-in; without one they must add one now.
        var isAdmin = await IsAdministrativeAsync(user, cancellationToken);
        if (PasskeyRequired(policy, isAdmin) && !methods.Contains("hwk"))
        {
            var hasPasskey = (await users.GetPasskeysAsync(user)).Count > 0;
            return await PendAsync(user, hasPasskey ? SignInStages.Mfa : SignInStages.EnrolPasskey, amr, passwordCompliant, returnUrl);
        }

        if (!hasSecondFactor && user.TwoFactorEnabled && !user.MfaEnrolmentRequired)
        {
            return await PendAsync(user, SignInStages.Mfa, amr, passwordCompliant, returnUrl);
        }

        // A contained account enrols a second factor again before anything else, whatever the policy.
        if (!hasSecondFactor && (user.MfaEnrolmentRequired
            || (SecurityPolicies.RequiresMfa(policy, isAdmin) && SecurityPolicies.GraceExpired(policy, clock.GetUtcNow()))))
        {
            return await PendAsync(user, SignInStages.EnrolMfa, amr, passwordCompliant, returnUrl);
        }

        if (!passwordCompliant && methods.Contains("pwd"))
        {
            return await PendAsync(user, SignInStages.ChangePassword, amr, passwordCompliant, returnUrl);
        }

        return await CompleteAsync(user, amr, returnUrl, cancellationToken);
    }

    /// <summary>The pending sign-in of this browser, with its tenant entered; null when there is none or it expired.</summary>
    public async Task<PendingSignIn?> PendingAsync(string expectedStage)
    {
        var result = await Http.AuthenticateAsync(SignInSchemes.Pending);
        if (!result.Succeeded || result.Principal.FindFirstValue("stage") != expectedStage
            || !Guid.TryParse(result.Principal.FindFirstValue("sub"), out var userId)
            || !Guid.TryParse(result.Principal.FindFirstValue(TenantClaimTypes.TenantId), out var tenantId))
        {
            return null;
        }

        tenant.Enter(tenantId);
        var user = await users.FindByIdAsync(userId.ToString());
        return user is null ? null : new PendingSignIn(
            user, await policies.CurrentAsync(), await IsAdministrativeAsync(user), result.Principal.FindFirstValue("amr") ?? "pwd",
            result.Principal.FindFirstValue("pwd-ok") == "1", result.Principal.FindFirstValue("return") ?? "");
    }

    public async Task<string> CompleteAsync(User user, string amr, string returnUrl, CancellationToken cancellationToken = default)
    {
        // Every way of signing in ends here (password, passkey, invitation, confirmation): no session from a refused address.
        if (await AddressRefusedAsync(user, cancellationToken))
        {
            await Http.SignOutAsync(SignInSchemes.Pending);
            await history.RecordAsync(user, SignInOutcomes.Failed, SignInFailureReasons.IpNotAllowed, string.Join(' ', amr.Split(' ').Select(MethodName)), cancellationToken);
            return "/signin?done=ip-blocked";
        }

        var policy = await policies.CurrentAsync(cancellationToken);
        SessionRecord session;
        try
        {
            session = await sessions.CreateAsync(new SessionStart(
                user.Id, user.TenantId, Http.Connection.RemoteIpAddress?.ToString(), Http.Request.Headers.UserAgent.ToString(), amr)
            {
                Limits = SessionLimits.From(policy),
            }, cancellationToken);
        }
        catch (SessionLimitReachedException)
        {
            await Http.SignOutAsync(SignInSchemes.Pending);
            await history.RecordAsync(user, SignInOutcomes.Failed, SignInFailureReasons.SessionLimit, string.Join(' ', amr.Split(' ').Select(MethodName)), cancellationToken);
            return "/signin/session-limit";
        }

        var identity = new ClaimsIdentity(
        [
            new Claim("sub", user.Id.ToString()),
            new Claim(TenantClaimTypes.TenantId, user.TenantId.ToString()),
            new Claim(SessionClaimTypes.SessionId, session.Id),
            new Claim(SessionClaimTypes.AuthenticationMethod, amr),
            new Claim("email", user.Email ?? ""),
        ], SignInSchemes.Session, "email", "role");
        await Http.SignOutAsync(SignInSchemes.Pending);
        await Http.SignInAsync(SignInSchemes.Session, new ClaimsPrincipal(identity));
        await history.RecordAsync(user, SignInOutcomes.Succeeded, null, string.Join(' ', amr.Split(' ').Select(MethodName)), session.Id, cancellationToken);
        return SafeReturnUrl(returnUrl);
    }

    /// <summary>A local return URL (the authorization request) or, by default, the portal.</summary>
    public string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : PortalSignInUrl;

    /// <summary>The portal's sign-in route: it starts the code flow, which finds this Api's session and returns at once.</summary>
    public string PortalSignInUrl => (configuration["Portal:Url"]?.TrimEnd('/') ?? "") + "/signin";

    public static bool PasskeyRequired(TenantSecurityPolicy policy, bool isAdmin) => policy.PasskeyOnlyForAdmins && isAdmin;

    /// <summary>Whether the user's roles, as they are now, make them an administrator.</summary>
    public async Task<bool> IsAdministrativeAsync(User user, CancellationToken cancellationToken = default) =>
        (await permissions.ForUserAsync(user.Id, cancellationToken))?.IsAdministrative == true;

    /// <summary>
    /// Counts a failed attempt towards lockout and records it in the history and the audit trail, all
    /// in one transaction; true when this attempt locked the account.
    /// </summary>
    public Task<bool> RecordFailureAsync(User user, TenantSecurityPolicy policy, string reason, string method, CancellationToken cancellationToken = default) =>
        audit.InTransactionAsync(async ct =>
        {
            var locked = await CountFailureAsync(user, policy);
            await history.RecordAsync(user, locked ? SignInOutcomes.LockedOut : SignInOutcomes.Failed, reason, method, ct);
            return locked;
        }, cancellationToken);

    private async Task<bool> CountFailureAsync(User user, TenantSecurityPolicy policy)
    {
        user.AccessFailedCount++;
        var locked = user.AccessFailedCount >= policy.LockoutThreshold;
        if (locked)
        {
            user.LockoutEnd = clock.GetUtcNow().AddMinutes(policy.LockoutMinutes);
            user.AccessFailedCount = 0;
        }

        await users.UpdateAsync(user);
        return locked;
    }

    /// <summary>True when the tenant's allow list refuses this client; report-only mode records the attempt and lets it through.</summary>
    private async Task<bool> AddressRefusedAsync(User user, CancellationToken cancellationToken)
    {
        var address = Http.Connection.RemoteIpAddress;
        var decision = (await allowLists.CurrentAsync(cancellationToken)).Decide(address);
        if (decision != IpDecision.Allowed)
        {
            await blocks.RecordAsync(address, "sign-in", decision == IpDecision.Blocked, user.Id, cancellationToken);
        }

        return decision == IpDecision.Blocked;
    }

    private async Task<string> PendAsync(User user, string stage, string amr, bool passwordCompliant, string returnUrl)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("sub", user.Id.ToString()),
            new Claim(TenantClaimTypes.TenantId, user.TenantId.ToString()),
            new Claim("stage", stage),
            new Claim("amr", amr),
            new Claim("pwd-ok", passwordCompliant ? "1" : "0"),
            new Claim("return", returnUrl),
        ], SignInSchemes.Pending);
        await Http.SignInAsync(SignInSchemes.Pending, new ClaimsPrincipal(identity));
        return SignInStages.PagePath(stage);
    }

    // The length and score recorded when the password was set answer for it; only passwords set
    // before they were recorded are judged again (the strength check costs more than the rest of a sign-in).
    private static bool MeetsPolicy(User user, TenantSecurityPolicy policy, string password) =>
        user.PasswordLength is { } length && user.PasswordScore is { } score
            ? length >= policy.PasswordMinLength && score >= policy.PasswordMinScore
            : PasswordStrength.Evaluate(password, policy, user.Email).Accepted;

    private bool PasswordTooOld(User user, TenantSecurityPolicy policy) =>
        policy.PasswordMaxAgeDays is { } days && user.PasswordChangedAt is { } changed && clock.GetUtcNow() > changed.AddDays(days);

    private static string MethodName(string amr) => amr switch
    {
        "pwd" => "password",
        "otp" => "totp",
        "rec" => "recovery-code",
        "hwk" => "passkey",
        _ => amr,
    };

    private static string UnknownKey(string normalizedEmail) =>
        "signin-unknown:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));
}

public sealed record SignInStep(bool Succeeded, string? Redirect, string? Error)
{
    public static SignInStep Fail(string error) => new(false, null, error);

    public static SignInStep Go(string redirect) => new(true, redirect, null);
}

public sealed record PendingSignIn(User User, TenantSecurityPolicy Policy, bool IsAdmin, string Amr, bool PasswordCompliant, string ReturnUrl)
{
    public bool PasskeyRequired => SignInFlow.PasskeyRequired(Policy, IsAdmin);
}
