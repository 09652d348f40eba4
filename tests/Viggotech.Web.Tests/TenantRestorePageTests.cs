using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Web.Tests;

/// <summary>
/// An operator restores a tenant from the operator page: a wrong slug for an in-place restore is
/// refused on the form, and a sandbox restore with a named owner is followed to completion while
/// the Worker runs it; the owner's invitation arrives, and can be sent again from the list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TenantRestorePageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task An_operator_requests_a_sandbox_restore_on_the_form_and_follows_it_to_completion()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        using var api = accounts.NewSession();
        var operatorAccount = await accounts.CreateOrganisationAsync(api, email: PlatformFixture.MoreOperatorEmails[0]);
        var codes = await SignInFlowTests.EnableTotpAsync(api, (await accounts.AuthorizeAsync(api)).AccessToken);
        var (owner, ownerSession, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerApi = ownerSession;
        var backupId = await BackedUpAsync(ownerApi, ownerTokens.AccessToken);

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(operatorAccount.Email);
        await page.GetByLabel("Password").FillAsync(operatorAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a recovery code instead" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Restore a tenant" })).ToBeVisibleAsync();

        // In place with a slug that is not the tenant's: a field error, and nothing is requested.
        await page.GetByLabel("Tenant", new() { Exact = true }).SelectOptionAsync(owner.TenantId.ToString());
        await page.GetByLabel("Backup", new() { Exact = true }).SelectOptionAsync(backupId.ToString());
        await page.GetByLabel("The tenant itself, in place (replaces its current data)").CheckAsync();
        await page.GetByLabel("Reason (a ticket number, say)").FillAsync("ticket 7");
        await page.GetByLabel("Confirmation (in place only): type the tenant's slug").FillAsync("not-the-slug");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request the restore" }).ClickAsync();
        await Assertions.Expect(page.Locator("#restore-confirmation-error")).ToContainTextAsync("Type the tenant's slug");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ticket 7" })).ToHaveCountAsync(0);

        // Into a sandbox, with its first owner.
        var sandboxOwner = TestPasswords.Email("sandbox-owner");
        await page.GetByLabel("Tenant", new() { Exact = true }).SelectOptionAsync(owner.TenantId.ToString());
        await page.GetByLabel("Backup", new() { Exact = true }).SelectOptionAsync(backupId.ToString());
        await page.GetByLabel("A new sandbox tenant").CheckAsync();
        await page.GetByLabel("Reason (a ticket number, say)").FillAsync("ticket 7: sandbox");
        await page.GetByLabel("Sandbox owner's email (sandbox only; an address without a Viggotech account)").FillAsync(sandboxOwner);
        await page.GetByRole(AriaRole.Button, new() { Name = "Request the restore" }).ClickAsync();

        // The page follows the request while the Worker runs it.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ticket 7: sandbox" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("owner invited", new() { Timeout = 120_000 });
        await Assertions.Expect(row).ToContainTextAsync("succeeded");
        await Assertions.Expect(row).ToContainTextAsync("1 rows");
        Assert.Contains("/invitation?tenant=", await accounts.Mailbox.WaitForTextAsync(sandboxOwner, "invited"), StringComparison.Ordinal);

        // The invitation can be sent again from the list: a second mail with a new link.
        var firstText = await accounts.Mailbox.WaitForTextAsync(sandboxOwner, "invited");
        await row.GetByRole(AriaRole.Button, new() { Name = "Resend invitation to the owner of" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "A new invitation was mailed" })).ToBeVisibleAsync();
        Assert.Equal(2, await accounts.Mailbox.CountAsync(sandboxOwner, "invited"));
        Assert.NotEqual(firstText, await accounts.Mailbox.WaitForTextAsync(sandboxOwner, "invited"));
    }

    private static async Task<Guid> BackedUpAsync(ApiSession owner, string token)
    {
        (await SendAsync(owner, HttpMethod.Post, "/api/people", token, new { name = "Mary Jackson", email = "mary@example.org" })).EnsureSuccessStatusCode();
        var started = await SendAsync(owner, HttpMethod.Post, "/api/backups", token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var backupId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while ((await (await SendAsync(owner, HttpMethod.Get, $"/api/backups/{backupId}", token)).Content.ReadFromJsonAsync<JsonElement>())
               .GetProperty("status").GetString() is var status && status != "completed")
        {
            Assert.NotEqual("failed", status);
            Assert.True(DateTime.UtcNow < deadline, $"The backup is still {status}.");
            await Task.Delay(1000);
        }

        return backupId;
    }

    private static async Task<HttpResponseMessage> SendAsync(ApiSession session, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await session.Http.SendAsync(request);
    }
}
