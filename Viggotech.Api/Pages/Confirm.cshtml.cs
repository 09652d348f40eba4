using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Pages;

/// <summary>
/// Email confirmation. Opening the link shows a button rather than confirming at once, so mail
/// scanners that prefetch links cannot use it up; pressing it confirms and signs the owner in.
/// </summary>
public sealed class ConfirmModel(AccountLinks links, TenantContext tenant, UserManager<User> users, SignInFlow flow, SecurityPolicies policies) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Tenant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var check = await CheckAsync(cancellationToken);
        Problem = check.State == LinkState.Valid ? null : check.Message;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var check = await CheckAsync(cancellationToken);
        if (check.State != LinkState.Valid || !await links.ConsumeAsync(AccountLinkPurposes.ConfirmEmail, Token!, cancellationToken)
            || await users.FindByIdAsync(check.UserId.ToString()) is not { } user)
        {
            Problem = check.State == LinkState.Valid ? LinkCheck.Used.Message : check.Message;
            return Page();
        }

        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        return Redirect(await flow.NextAsync(user, await policies.CurrentAsync(cancellationToken), "email", passwordCompliant: true, "", cancellationToken));
    }

    private async Task<LinkCheck> CheckAsync(CancellationToken cancellationToken)
    {
        if (Tenant == Guid.Empty)
        {
            return LinkCheck.Invalid;
        }

        tenant.Enter(Tenant);
        return await links.CheckAsync(AccountLinkPurposes.ConfirmEmail, Token, cancellationToken);
    }
}
