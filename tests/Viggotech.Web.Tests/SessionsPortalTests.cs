using System.Net.Http.Headers;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SessionsPortalTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task The_portal_lists_sessions_with_this_one_marked_and_signs_out_with_a_clear_message_once_the_session_is_revoked()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (owner, ownerApi, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = ownerApi;

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(owner.Email);
        await page.GetByLabel("Password").FillAsync(owner.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Roles" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions and devices" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sessions and devices" })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table.GetByText("(this session)")).ToHaveCountAsync(1);
        // The other session (the Api client's) can be signed out on its own.
        await Assertions.Expect(table.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out other sessions" })).ToBeVisibleAsync();

        // Revoked elsewhere: the portal's next request signs this browser out and says why.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/end-others");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        (await ownerApi.Http.SendAsync(request)).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have been signed out" })).ToBeVisibleAsync();
        await page.GotoAsync("/account/sessions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sessions and devices" })).ToHaveCountAsync(0);
    }
}
