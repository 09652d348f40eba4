using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;

namespace Viggotech.Api.Pages;

/// <summary>MFA enrolment in the middle of a sign-in, for users whose tenant requires a second factor they lack.</summary>
public sealed class SignInEnrolModel(SignInFlow flow, AuthenticatorEnrolment enrolment, IDataProtectionProvider protection) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? State { get; set; }

    public AuthenticatorSetup? Setup { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? Continue { get; private set; }

    // The new secret rides in the form, protected and time-limited, until the user proves it works.
    private ITimeLimitedDataProtector Protector => protection.CreateProtector("enrol-totp").ToTimeLimitedDataProtector();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await flow.PendingAsync(SignInStages.EnrolMfa) is not { } pending)
        {
            return Redirect("/signin");
        }

        Show(Totp.NewSecret(), pending.User.Email!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await flow.PendingAsync(SignInStages.EnrolMfa) is not { } pending)
        {
            return Redirect("/signin");
        }

        string secret;
        try
        {
            secret = Protector.Unprotect(State ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Redirect("/signin/enrol");
        }

        var codes = await enrolment.EnableAsync(pending.User, secret, Code, cancellationToken);
        if (codes is null)
        {
            Error = "That code is not right. Check the time on your device and try the newest code.";
            Show(secret, pending.User.Email!);
            return Page();
        }

        RecoveryCodes = codes;
        Continue = await flow.NextAsync(pending.User, pending.Policy, pending.Amr + " otp", pending.PasswordCompliant, pending.ReturnUrl, cancellationToken);
        return Page();
    }

    private void Show(string secret, string email)
    {
        Setup = AuthenticatorEnrolment.Setup(secret, email);
        State = Protector.Protect(secret, TimeSpan.FromMinutes(15));
    }
}
