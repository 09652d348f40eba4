using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viggotech.Api.Identity;

namespace Viggotech.Api.Pages;

public sealed class SignUpModel(OrganisationSignUp signUp) : PageModel
{
    [BindProperty]
    public string? Organisation { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Errors = await signUp.SignUpAsync(Organisation ?? "", Email ?? "", Password ?? "", Request, cancellationToken);
        return Errors.Count > 0 ? Page() : RedirectToPage("/SignUpSent");
    }
}
