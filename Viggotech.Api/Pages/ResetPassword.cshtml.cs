using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;
using Viggotech.Api.Sessions;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Pages;

public sealed class ResetPasswordModel(AccountLinks links, TenantContext tenant, UserManager<User> users, PasswordChanges passwords, SignOutEverywhere signOut) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Tenant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public string? Problem { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } user)
        {
            return Page();
        }

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, NewPassword);
            if (!check.Succeeded)
            {
                Error = check.Errors.First().Description;
                return Page();
            }
        }

        if (!await links.ConsumeAsync(AccountLinkPurposes.PasswordReset, Token!, cancellationToken))
        {
            Problem = LinkCheck.Used.Message;
            return Page();
        }

        var result = await passwords.SetAsync(user, NewPassword!, AuditActions.PasswordReset);
        if (!result.Succeeded)
        {
            Error = result.Errors.First().Description;
            return Page();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await signOut.EndAllAsync(user, cancellationToken);
        return Redirect("/signin?done=reset");
    }

    private async Task<User?> LoadAsync(CancellationToken cancellationToken)
    {
        if (Tenant == Guid.Empty)
        {
            Problem = LinkCheck.Invalid.Message;
            return null;
        }

        tenant.Enter(Tenant);
        var check = await links.CheckAsync(AccountLinkPurposes.PasswordReset, Token, cancellationToken);
        var user = check.State == LinkState.Valid ? await users.FindByIdAsync(check.UserId.ToString()) : null;
        if (user is null)
        {
            Problem = check.State == LinkState.Valid ? LinkCheck.Invalid.Message : check.Message;
        }

        return user;
    }
}
