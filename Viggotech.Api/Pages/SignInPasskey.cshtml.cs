using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;

namespace Viggotech.Api.Pages;

/// <summary>Passkey enrolment during sign-in, for admins of tenants that accept only passkeys from them.</summary>
public sealed class SignInPasskeyModel(SignInFlow flow, PasskeySignIn passkeys) : PageModel
{
    [BindProperty]
    public string? Credential { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await flow.PendingAsync(SignInStages.EnrolPasskey) is null ? Redirect("/signin") : Page();

    public async Task<IActionResult> OnPostOptionsAsync()
    {
        if (await flow.PendingAsync(SignInStages.EnrolPasskey) is not { } pending)
        {
            return BadRequest();
        }

        return Content(await passkeys.CreationOptionsAsync(HttpContext, pending.User), "application/json");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await flow.PendingAsync(SignInStages.EnrolPasskey) is not { } pending)
        {
            return Redirect("/signin");
        }

        if (!await passkeys.RegisterAsync(HttpContext, pending.User, Credential))
        {
            Error = "The passkey could not be added. Try again.";
            return Page();
        }

        return Redirect(await flow.NextAsync(pending.User, pending.Policy, pending.Amr + " hwk", pending.PasswordCompliant, pending.ReturnUrl, cancellationToken));
    }
}
