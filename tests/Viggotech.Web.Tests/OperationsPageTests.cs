using Microsoft.Playwright;
using Npgsql;
using Viggotech.Testing;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Web.Tests;

/// <summary>The operator pages in the portal: an operator signed in with a second factor acknowledges an alert; a tenant owner never sees them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperationsPageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task An_operator_signed_in_with_a_second_factor_acknowledges_an_alert_and_a_tenant_owner_is_kept_out()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        using var api = accounts.NewSession();
        var operatorAccount = await accounts.CreateOrganisationAsync(api, email: PlatformFixture.OperatorEmail);
        var codes = await SignInFlowTests.EnableTotpAsync(api, (await accounts.AuthorizeAsync(api)).AccessToken);
        var subject = $"backup {Guid.NewGuid():D}";
        await using (var db = await browser.AdminConnectionAsync())
        {
            await db.ExecuteAsync("insert into platform.operator_alerts (kind, concerns_tenant_id, subject, message) values ('backup.failed', $1, $2, 'region A storage refused the upload')",
                operatorAccount.TenantId, subject);
        }

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SubmitPasswordAsync(operatorAccount.Email, operatorAccount.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a recovery code instead" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operations", Exact = true })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Assertions.Expect(row).ToContainTextAsync("region A storage refused the upload");
        await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "acknowledged" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = subject })).ToHaveCountAsync(0);

        // A tenant owner: no link, and the page itself is refused.
        var (owner, ownerApi, _) = await accounts.OwnerWithTokensAsync();
        ownerApi.Dispose();
        await using var ownerContext = await browser.NewContextAsync();
        var ownerPage = await ownerContext.SignInAsync(owner);
        await Assertions.Expect(ownerPage.GetByRole(AriaRole.Link, new() { Name = "Operations" })).ToHaveCountAsync(0);
        await ownerPage.GotoAsync("/operations");
        await Assertions.Expect(ownerPage.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }
}
