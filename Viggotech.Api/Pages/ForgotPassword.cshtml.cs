using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;
using Viggotech.Api.Mail;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Pages;

/// <summary>Always answers the same way; only a real, confirmed account gets mail (queued, so timing says nothing either).</summary>
public sealed class ForgotPasswordModel(PlatformDbContext db, TenantContext tenant, UserManager<User> users, AccountLinks links, MailOutbox mail) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Sent = true;
        var normalized = users.NormalizeEmail(Email?.Trim());
        if (string.IsNullOrEmpty(normalized) || await db.FindByEmailAsync(normalized, cancellationToken) is not { } location)
        {
            return Page();
        }

        tenant.Enter(location.TenantId);
        if (await users.FindByIdAsync(location.UserId.ToString()) is { EmailConfirmed: true } user)
        {
            var link = await links.CreateAsync(user, AccountLinkPurposes.PasswordReset, AccountLinks.ResetLifetime, "/reset-password", Request, cancellationToken);
            await mail.EnqueueAsync(AccountMail.PasswordReset(user.Email!, link), cancellationToken);
        }

        return Page();
    }
}
