using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Pages;

public sealed class SignInMfaModel(SignInFlow flow, Totp totp, RecoveryCodes recoveryCodes, AuthenticatorEnrolment authenticator, PasskeySignIn passkeys, SignInHistory history, UserManager<User> users) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Credential { get; set; }

    public string? Error { get; private set; }

    public bool UseRecoveryCode { get; private set; }

    public bool HasPasskey { get; private set; }

    public bool PasskeyOnly { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? method)
    {
        if (await flow.PendingAsync(SignInStages.Mfa) is not { } pending)
        {
            return Redirect("/signin");
        }

        UseRecoveryCode = method == "recovery";
        HasPasskey = (await users.GetPasskeysAsync(pending.User)).Count > 0;
        PasskeyOnly = SignInFlow.PasskeyRequired(pending.Policy, pending.User);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await flow.PendingAsync(SignInStages.Mfa) is not { } pending)
        {
            return Redirect("/signin");
        }

        var user = pending.User;
        if (SignInFlow.PasskeyRequired(pending.Policy, user))
        {
            return RedirectToPage();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return await FailAsync(pending, SignInFailureReasons.LockedOut, "totp", cancellationToken);
        }

        var secret = await authenticator.SecretAsync(user);
        if (secret is null || totp.Match(secret, Code) is not { } step)
        {
            return await FailAsync(pending, SignInFailureReasons.WrongMfaCode, "totp", cancellationToken);
        }

        if (!await totp.ClaimStepAsync(user, step, cancellationToken))
        {
            Error = "That code was already used. Wait for your app to show a new one.";
            await history.RecordAsync(user, SignInOutcomes.Failed, SignInFailureReasons.ReplayedMfaCode, "password totp", cancellationToken);
            HasPasskey = (await users.GetPasskeysAsync(user)).Count > 0;
            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        return Redirect(await flow.NextAsync(user, pending.Policy, pending.Amr + " otp", pending.PasswordCompliant, pending.ReturnUrl, cancellationToken));
    }

    public async Task<IActionResult> OnPostRecoveryAsync(CancellationToken cancellationToken)
    {
        UseRecoveryCode = true;
        if (await flow.PendingAsync(SignInStages.Mfa) is not { } pending)
        {
            return Redirect("/signin");
        }

        if (SignInFlow.PasskeyRequired(pending.Policy, pending.User))
        {
            return RedirectToPage();
        }

        if (await users.IsLockedOutAsync(pending.User) || !await recoveryCodes.RedeemAsync(pending.User, Code, cancellationToken))
        {
            return await FailAsync(pending, SignInFailureReasons.WrongMfaCode, "recovery-code", cancellationToken);
        }

        await users.ResetAccessFailedCountAsync(pending.User);
        return Redirect(await flow.NextAsync(pending.User, pending.Policy, pending.Amr + " rec", pending.PasswordCompliant, pending.ReturnUrl, cancellationToken));
    }

    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        if (await flow.PendingAsync(SignInStages.Mfa) is not { } pending)
        {
            return BadRequest();
        }

        return Content(await passkeys.OptionsAsync(HttpContext, pending.User), "application/json");
    }

    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken cancellationToken)
    {
        if (await flow.PendingAsync(SignInStages.Mfa) is not { } pending)
        {
            return Redirect("/signin");
        }

        if (await passkeys.VerifyAsync(HttpContext, Credential, pending.User) is null)
        {
            return await FailAsync(pending, SignInFailureReasons.PasskeyRejected, "passkey", cancellationToken);
        }

        return Redirect(await flow.NextAsync(pending.User, pending.Policy, pending.Amr + " hwk", pending.PasswordCompliant, pending.ReturnUrl, cancellationToken));
    }

    private async Task<IActionResult> FailAsync(PendingSignIn pending, string reason, string method, CancellationToken cancellationToken)
    {
        // Wrong second factors count towards lockout like wrong passwords, so codes cannot be guessed at leisure.
        var lockedOut = reason == SignInFailureReasons.LockedOut;
        if (lockedOut)
        {
            await history.RecordAsync(pending.User, SignInOutcomes.LockedOut, reason, "password " + method, cancellationToken);
        }
        else
        {
            lockedOut = await flow.RecordFailureAsync(pending.User, pending.Policy, reason, "password " + method, cancellationToken);
        }

        Error = lockedOut ? SignInFlow.LockedOut : UseRecoveryCode ? "That recovery code is not valid or was already used." : "That code is not right. Check your authenticator app and try again.";
        HasPasskey = (await users.GetPasskeysAsync(pending.User)).Count > 0;
        return Page();
    }
}
