using System.Net;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class IpRestrictionsPageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = Prepare(browser);

    private static TestAccounts Prepare(BrowserFixture browser)
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        return new TestAccounts(browser);
    }

    [Fact]
    public async Task An_admin_builds_a_list_checks_an_address_confirms_locking_themselves_out_and_the_portal_then_refuses_them()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "IP restrictions" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "IP restrictions", Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("Range").FillAsync("10.0.0.1/8");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Typo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add range" }).ClickAsync();
        await Assertions.Expect(page.GetByText("did you mean 10.0.0.0/8")).ToBeVisibleAsync();

        await page.GetByLabel("Range").FillAsync("203.0.113.0/24");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Branch office");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add range" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "203.0.113.0/24", Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("IP address").FillAsync("203.0.113.9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#check-result")).ToContainTextAsync("in the list (203.0.113.0/24, Branch office)");

        await page.GetByLabel("Enforce: refuse it").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mode" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm: this list blocks you" })).ToBeVisibleAsync();
        // Nothing changed yet: the portal still answers.
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.SendAsync(Authorized(tokens.AccessToken))).StatusCode);

        await page.GetByLabel("I understand").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save anyway" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Requests from outside the list are now refused")).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Address not allowed" })).ToBeVisibleAsync();
        await page.GotoAsync("/organization/ip-restrictions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Address not allowed" })).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.Http.SendAsync(Authorized(tokens.AccessToken))).StatusCode);
    }

    [Fact]
    public async Task Alerts_and_activity_pages_show_what_happened_in_the_organisation()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        using var attacker = accounts.NewSession();
        for (var i = 0; i < 3; i++)
        {
            await accounts.SignInAsync(attacker, account.Email, "wrong password " + i);
        }

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Repeated failed sign-ins to one account" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activity" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = attacker.SourceAddress.ToString(), Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Chrome on Linux" }).First).ToBeVisibleAsync();
    }

    private static HttpRequestMessage Authorized(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }
}
