using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Pages;

/// <summary>An invited person sets their password; the tenant's MFA rule then applies to their first sign-in.</summary>
public sealed class InvitationModel(AccountLinks links, TenantContext tenant, UserManager<User> users, PasswordChanges passwords, SignInFlow flow, SecurityPolicies policies) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Tenant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Email { get; private set; }

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
            var check = await validator.ValidateAsync(users, user, Password);
            if (!check.Succeeded)
            {
                Error = check.Errors.First().Description;
                return Page();
            }
        }

        if (!await links.ConsumeAsync(AccountLinkPurposes.Invitation, Token!, cancellationToken))
        {
            Problem = LinkCheck.Used.Message;
            return Page();
        }

        var result = await passwords.SetAsync(user, Password!, AuditActions.InvitationAccept);
        if (!result.Succeeded)
        {
            Error = result.Errors.First().Description;
            return Page();
        }

        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        return Redirect(await flow.NextAsync(user, await policies.CurrentAsync(cancellationToken), "pwd", passwordCompliant: true, "", cancellationToken));
    }

    private async Task<User?> LoadAsync(CancellationToken cancellationToken)
    {
        if (Tenant == Guid.Empty)
        {
            Problem = LinkCheck.Invalid.Message;
            return null;
        }

        tenant.Enter(Tenant);
        var check = await links.CheckAsync(AccountLinkPurposes.Invitation, Token, cancellationToken);
        var user = check.State == LinkState.Valid ? await users.FindByIdAsync(check.UserId.ToString()) : null;
        if (user is null)
        {
            Problem = check.State == LinkState.Valid ? LinkCheck.Invalid.Message : check.Message;
            return null;
        }

        Email = user.Email;
        return user;
    }
}
