using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using Viggotech.Api.Identity;
using Viggotech.Api.Sessions;
using Viggotech.Core.Alerts;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Account;

/// <summary>The signed-in user's own sign-in methods: password, authenticator app, recovery codes, passkeys, history.</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/account").RequireAuthorization(ActiveSessionRequirement.Policy);
        group.MapGet("/", GetAsync);
        group.MapGet("/access", AccessAsync);
        group.MapPost("/authenticator/setup", SetupAuthenticatorAsync);
        group.MapPost("/authenticator/enable", EnableAuthenticatorAsync);
        group.MapDelete("/authenticator", DisableAuthenticatorAsync);
        group.MapPost("/recovery-codes", NewRecoveryCodesAsync);
        group.MapPost("/password", ChangePasswordAsync);
        group.MapPost("/passkeys/creation-options", PasskeyCreationOptionsAsync);
        group.MapPost("/passkeys", AddPasskeyAsync);
        group.MapDelete("/passkeys/{id}", RemovePasskeyAsync);
        group.MapGet("/sign-ins", SignInsAsync);
        return group;
    }

    public static async Task<Results<Ok<AccountSummary>, UnauthorizedHttpResult>> GetAsync(
        HttpContext context, UserManager<User> users, RecoveryCodes recoveryCodes, SecurityPolicies policies, PlatformDbContext db, IUserPermissions permissions)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var passkeys = await users.GetPasskeysAsync(user);
        var access = await permissions.ForUserAsync(user.Id);
        var policy = await policies.CurrentAsync();
        var organisation = await db.Tenants.Select(t => t.Name).SingleAsync();
        return TypedResults.Ok(new AccountSummary(
            user.Email!, string.Join(", ", access?.Held.Select(r => r.Name) ?? []), organisation, user.TwoFactorEnabled, await recoveryCodes.RemainingAsync(user),
            passkeys.Select(p => new PasskeySummary(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(p.CredentialId), p.Name ?? "Passkey", p.CreatedAt)).ToList(),
            SecurityPolicies.RequiresMfa(policy, access?.IsAdministrative == true), user.PasswordChangedAt));
    }

    /// <summary>
    /// Just the caller's roles and permissions as they are now: what the portal asks on every page
    /// (navigation, page access), so it costs one lookup instead of the whole account summary.
    /// </summary>
    public static async Task<Results<Ok<AccountAccess>, UnauthorizedHttpResult>> AccessAsync(
        HttpContext context, IUserPermissions permissions, PlatformDbContext db, ISessionStore sessions)
    {
        if (!Guid.TryParse(context.User.FindFirst("sub")?.Value, out var userId) || await permissions.ForUserAsync(userId) is not { } access)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new AccountAccess(access.Roles, access.Permissions.Order(StringComparer.Ordinal).ToList(),
            await Viggotech.Api.Operations.OperatorAccess.IsOperatorSessionAsync(context, db, sessions)));
    }

    public static async Task<Results<Ok<AuthenticatorSetup>, UnauthorizedHttpResult>> SetupAuthenticatorAsync(
        HttpContext context, UserManager<User> users, PendingAuthenticatorSecrets pending)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        // The new secret waits beside the old one until a code proves the app has it.
        var secret = Totp.NewSecret();
        await pending.KeepAsync(user, secret, context.RequestAborted);
        return TypedResults.Ok(AuthenticatorEnrolment.Setup(secret, user.Email!));
    }

    public static async Task<Results<Ok<RecoveryCodeList>, ValidationProblem, UnauthorizedHttpResult>> EnableAuthenticatorAsync(
        HttpContext context, CodeRequest request, UserManager<User> users, AuthenticatorEnrolment enrolment, PendingAuthenticatorSecrets pending)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var secret = await pending.FindAsync(user, context.RequestAborted);
        if (secret is null)
        {
            return Field("code", "Start the setup again: it expired after 15 minutes.");
        }

        var codes = await enrolment.EnableAsync(user, secret, request.Code);
        if (codes is null)
        {
            return Field("code", "That code is not right. Check the time on your device and try the newest code.");
        }

        await pending.ForgetAsync(user);
        return TypedResults.Ok(new RecoveryCodeList(codes));
    }

    public static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> DisableAuthenticatorAsync(
        HttpContext context, UserManager<User> users, SecurityPolicies policies, AccountAudit audit, IUserPermissions permissions, SecurityAlerts alerts)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var isAdmin = (await permissions.ForUserAsync(user.Id))?.IsAdministrative == true;
        if (SecurityPolicies.RequiresMfa(await policies.CurrentAsync(), isAdmin) && (await users.GetPasskeysAsync(user)).Count == 0)
        {
            return Field("authenticator", "Your organization requires a second factor. Add a passkey before removing the authenticator app.");
        }

        await audit.ChangeAsync(user, AuditActions.MfaRemove, async _ =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            return await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        }, _ => AuditResult.Success, new Dictionary<string, string> { ["method"] = "totp" });
        await alerts.RaiseAsync(SecurityAlertKinds.MfaRemoved, user.Email!, new Dictionary<string, string> { ["factor"] = "authenticator app", ["by"] = "the user" });
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<RecoveryCodeList>, UnauthorizedHttpResult>> NewRecoveryCodesAsync(
        HttpContext context, UserManager<User> users, RecoveryCodes recoveryCodes)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new RecoveryCodeList(await recoveryCodes.RenewAsync(user)));
    }

    public static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> ChangePasswordAsync(
        HttpContext context, PasswordChangeRequest request, UserManager<User> users, PasswordChanges passwords)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (!await users.CheckPasswordAsync(user, request.CurrentPassword ?? ""))
        {
            return Field("currentPassword", "Your current password is not right.");
        }

        var result = await passwords.SetAsync(user, request.NewPassword ?? "");
        return result.Succeeded ? TypedResults.NoContent() : Field("newPassword", result.Errors.First().Description);
    }

    public static async Task<Results<ContentHttpResult, UnauthorizedHttpResult>> PasskeyCreationOptionsAsync(
        HttpContext context, UserManager<User> users, IPasskeyHandler<User> passkeys, IConnectionMultiplexer redis)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var options = await passkeys.MakeCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id.ToString(),
            Name = user.Email!,
            DisplayName = user.Email!,
        }, context);
        await redis.GetDatabase().StringSetAsync(PendingPasskeyKey(user), options.AttestationState ?? "", TimeSpan.FromMinutes(5));
        return TypedResults.Content(options.CreationOptionsJson, "application/json");
    }

    public static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> AddPasskeyAsync(
        HttpContext context, PasskeyRequest request, UserManager<User> users, IPasskeyHandler<User> passkeys, IConnectionMultiplexer redis, AccountAudit audit)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var state = await redis.GetDatabase().StringGetDeleteAsync(PendingPasskeyKey(user));
        if (state.IsNull || string.IsNullOrEmpty(request.Credential) || request.Credential.Length > 65_536)
        {
            return Field("credential", "Start adding the passkey again: the request expired.");
        }

        var result = await passkeys.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = request.Credential,
            AttestationState = state.ToString(),
            HttpContext = context,
        });
        if (!result.Succeeded || result.UserEntity.Id != user.Id.ToString())
        {
            return Field("credential", "The passkey could not be added. Try again.");
        }

        var passkey = result.Passkey;
        passkey.Name = string.IsNullOrWhiteSpace(request.Name) ? $"Passkey added {DateTimeOffset.UtcNow:yyyy-MM-dd}" : request.Name.Trim()[..Math.Min(request.Name.Trim().Length, 100)];
        user.MfaEnrolmentRequired = false;
        await audit.ChangeAsync(user, AuditActions.PasskeyAdd, _ => users.AddOrUpdatePasskeyAsync(user, passkey),
            r => r.Succeeded ? AuditResult.Success : AuditResult.Failure, new Dictionary<string, string> { ["name"] = passkey.Name });
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, NotFound, UnauthorizedHttpResult>> RemovePasskeyAsync(
        HttpContext context, string id, UserManager<User> users, AccountAudit audit, SecurityAlerts alerts)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        byte[] credentialId;
        try
        {
            credentialId = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            return TypedResults.NotFound();
        }

        // Removing a passkey the account does not have changes nothing and is no event.
        if (!(await users.GetPasskeysAsync(user)).Any(p => p.CredentialId.AsSpan().SequenceEqual(credentialId)))
        {
            return TypedResults.NotFound();
        }

        var result = await audit.ChangeAsync(user, AuditActions.PasskeyRemove, _ => users.RemovePasskeyAsync(user, credentialId),
            r => r.Succeeded ? AuditResult.Success : AuditResult.Failure, new Dictionary<string, string> { ["credential"] = id });
        if (!result.Succeeded)
        {
            return TypedResults.NotFound();
        }

        await alerts.RaiseAsync(SecurityAlertKinds.MfaRemoved, user.Email!, new Dictionary<string, string> { ["factor"] = "passkey", ["by"] = "the user" });
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<List<SignInSummary>>, UnauthorizedHttpResult>> SignInsAsync(
        HttpContext context, UserManager<User> users, PlatformDbContext db)
    {
        if (await users.LoadAsync(context.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var events = await db.SignInEvents.AsNoTracking().Where(e => e.UserId == user.Id)
            .OrderByDescending(e => e.OccurredAt).Take(50)
            .Select(e => new SignInSummary(e.OccurredAt, e.Outcome, e.Reason, e.Method, e.IpAddress, e.UserAgent))
            .ToListAsync();
        return TypedResults.Ok(events);
    }

    private static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static string PendingPasskeyKey(User user) => $"passkey-setup:{user.Id:N}";
}

public sealed record AccountSummary(string Email, string Role, string Organisation, bool AuthenticatorEnabled, int RecoveryCodesLeft,
    IReadOnlyList<PasskeySummary> Passkeys, bool MfaRequired, DateTimeOffset? PasswordChangedAt);

/// <summary>The caller's roles and permissions; <paramref name="Operator"/>: this session may use the operator pages.</summary>
public sealed record AccountAccess(IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, bool Operator);

public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record CodeRequest(string? Code);

public sealed record RecoveryCodeList(IReadOnlyList<string> Codes);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

public sealed record PasskeyRequest(string? Credential, string? Name);

public sealed record SignInSummary(DateTimeOffset OccurredAt, string Outcome, string? Reason, string? Method, string? IpAddress, string? UserAgent);
