using Microsoft.Playwright;
using Viggotech.Testing.Identity;

namespace Viggotech.Testing.Browser;

/// <summary>The portal's sign-in form, as a user fills it in.</summary>
public static class PortalSignIn
{
    /// <summary>Opens the sign-in page and submits email and password; the next step (portal, second factor, error) is the caller's to check.</summary>
    public static async Task SubmitPasswordAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>A new page in <paramref name="context"/>, signed in with the account's password and showing the signed-in portal.</summary>
    public static async Task<IPage> SignInAsync(this IBrowserContext context, TestAccount account)
    {
        var page = await context.NewPageAsync();
        await page.SubmitPasswordAsync(account.Email, account.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" })).ToBeVisibleAsync();
        return page;
    }
}
