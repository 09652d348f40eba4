using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;

namespace Viggotech.Api.Pages;

public sealed class SignInModel(SignInFlow flow, PasskeySignIn passkeys) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Credential { get; set; }

    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    public void OnGet(string? done) => Notice = done switch
    {
        "reset" => "Your password was changed and you were signed out everywhere. Sign in with the new password.",
        "ip-blocked" => SignInFlow.NotFromHere,
        _ => null,
    };

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your email and password.";
            return Page();
        }

        var step = await flow.PasswordAsync(Email, Password, ReturnUrl ?? "", cancellationToken);
        if (!step.Succeeded)
        {
            Error = step.Error;
            return Page();
        }

        return Redirect(step.Redirect!);
    }

    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await passkeys.OptionsAsync(HttpContext, user: null), "application/json");

    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken cancellationToken)
    {
        var user = await passkeys.VerifyAsync(HttpContext, Credential);
        if (user is null)
        {
            Error = "That passkey was not recognised. Try again, or sign in with your email and password.";
            return Page();
        }

        var policies = HttpContext.RequestServices.GetRequiredService<SecurityPolicies>();
        return Redirect(await flow.NextAsync(user, await policies.CurrentAsync(cancellationToken), "hwk", passwordCompliant: true, ReturnUrl ?? "", cancellationToken));
    }
}
