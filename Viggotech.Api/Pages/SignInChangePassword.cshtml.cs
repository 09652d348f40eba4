using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;

namespace Viggotech.Api.Pages;

public sealed class SignInChangePasswordModel(SignInFlow flow, PasswordChanges passwords) : PageModel
{
    [BindProperty]
    public string? NewPassword { get; set; }

    public string? Error { get; private set; }

    public int MinLength { get; private set; } = 12;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await flow.PendingAsync(SignInStages.ChangePassword) is not { } pending)
        {
            return Redirect("/signin");
        }

        MinLength = pending.Policy.PasswordMinLength;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await flow.PendingAsync(SignInStages.ChangePassword) is not { } pending)
        {
            return Redirect("/signin");
        }

        MinLength = pending.Policy.PasswordMinLength;
        var result = await passwords.SetAsync(pending.User, NewPassword ?? "");
        if (!result.Succeeded)
        {
            Error = result.Errors.First().Description;
            return Page();
        }

        return Redirect(await flow.NextAsync(pending.User, pending.Policy, pending.Amr, passwordCompliant: true, pending.ReturnUrl, cancellationToken));
    }
}
