using System.Net.Http.Json;
using Microsoft.Playwright;
using Spectre.Console;
using Viggotech.Cli;
using Viggotech.Core.Identity;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests.Audit;

[Collection(BrowserCollection.Name)]
public sealed class AuditTrailPageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = Prepare(browser);

    private static TestAccounts Prepare(BrowserFixture browser)
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        return new TestAccounts(browser);
    }

    [Fact]
    public async Task An_auditor_filters_the_trail_by_action_result_and_address_and_sees_field_errors_for_bad_filters()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (auditorApi, _, auditor) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Auditor);
        auditorApi.Dispose();
        using var attacker = accounts.NewSession();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await accounts.SignInAsync(attacker, account.Email, "wrong-" + attempt);
        }

        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, auditor);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail", Exact = true })).ToBeVisibleAsync();
        var rows = page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row);
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("user.invite");

        await page.GetByLabel("Action (e.g. user.signin or user.*)").FillAsync("user.signin");
        await page.GetByLabel("Result").SelectOptionAsync("failure");
        await page.GetByLabel("IP address").FillAsync(attacker.SourceAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        // A header row and the two failed attempts, both by the owner's account, from the attacker's address.
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync(account.Email);
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).Not.ToContainTextAsync("success");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsPath, "audit-trail.png"), FullPage = true });

        await page.GetByLabel("IP address").FillAsync("999.1.1.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("IP address");

        // An auditor reads and exports, but retention is a policy: shown, not editable.
        await page.GotoAsync("/audit");
        await Assertions.Expect(page.GetByText("Events are kept for 365 days.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Keep audit events for (days, 90 to 3653)")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Export_streams_the_bundle_with_progress_and_the_download_verifies_with_the_cli()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, account);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Export complete" })).ToBeVisibleAsync();
        Assert.Equal(1, await page.Locator("#audit-export-progress").EvaluateAsync<double>("p => p.value"));

        var folder = Directory.CreateTempSubdirectory("viggotech-audit-export-");
        try
        {
            var bundle = Path.Combine(folder.FullName, download.SuggestedFilename);
            await download.SaveAsAsync(bundle);
            Assert.EndsWith(".ndjson", bundle, StringComparison.Ordinal);
            var keys = Path.Combine(folder.FullName, "keys.json");
            await File.WriteAllTextAsync(keys, await owner.Http.GetStringAsync("/.well-known/viggotech-audit-keys"));

            var (exitCode, output) = await VerifyWithCliAsync(bundle, keys);
            Assert.True(exitCode == 0, output);
            Assert.Contains("audit.export", await File.ReadAllTextAsync(bundle), StringComparison.Ordinal);

            // The same file with one event changed is refused and the event named.
            var lines = await File.ReadAllLinesAsync(bundle);
            var index = Array.FindIndex(lines, l => l.Contains("\"action\":\"user.signin\"", StringComparison.Ordinal));
            lines[index] = lines[index].Replace("\"result\":\"success\"", "\"result\":\"failure\"", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(bundle, lines);
            var (tamperedExit, tamperedOutput) = await VerifyWithCliAsync(bundle, keys);
            Assert.Equal(1, tamperedExit);
            Assert.Contains("changed", tamperedOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_owner_adds_a_webhook_sees_its_secret_once_and_changes_retention_with_field_errors()
    {
        var (account, owner, _) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;

        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, account);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit streaming" }).ClickAsync();
        await page.GetByLabel("Receiver URL (https)").FillAsync("ftp://siem.example.com/in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("https://");

        await page.GetByLabel("Receiver URL (https)").FillAsync("https://siem.example.com/in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        var secret = await page.GetByLabel("Signing secret").InputValueAsync();
        Assert.Equal(43, secret.Length);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "https://siem.example.com/in" })).ToBeVisibleAsync();
        await page.GotoAsync("/audit/streaming");
        await Assertions.Expect(page.GetByLabel("Signing secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause delivery" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Delivery paused.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        var days = page.GetByLabel("Keep audit events for (days, 90 to 3653)");
        await days.FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save retention" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("90 days");
        await page.GetByLabel("Keep audit events for (days, 90 to 3653)").FillAsync("730");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save retention" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved: events are kept for 730 days.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("audit.webhook.disable");
    }

    [Fact]
    public async Task A_member_sees_no_audit_links_and_is_turned_away_from_the_audit_pages()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var (memberApi, _, member) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        memberApi.Dispose();

        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, member);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit streaming" })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/audit", "/audit/streaming" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }

        var token = await page.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
        var export = await page.APIRequest.PostAsync("/audit/export", new() { Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token } });
        Assert.Equal(403, export.Status);
    }

    [Fact]
    public async Task Adding_and_removing_a_passkey_shows_in_the_audit_trail()
    {
        var (account, owner, _) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        await SignInAsync(page, account);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" }).ClickAsync();
        await page.GetByLabel("Passkey name").FillAsync("Audit laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Your passkeys" })).ToContainTextAsync("Audit laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey Audit laptop" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The passkey was removed.")).ToBeVisibleAsync();

        await page.GotoAsync("/audit?action=user.passkey.*");
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table).ToContainTextAsync("user.passkey.add");
        await Assertions.Expect(table).ToContainTextAsync("user.passkey.remove");
        await Assertions.Expect(table).ToContainTextAsync("name=Audit laptop");
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, TestAccount account) =>
        await SignInAsync(await context.NewPageAsync(), account);

    private static async Task<IPage> SignInAsync(IPage page, TestAccount account)
    {
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task<(int ExitCode, string Output)> VerifyWithCliAsync(string bundle, string keys)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var exitCode = await CliApp.Create(console).RunAsync(["audit", "verify", bundle, "--keys", keys]);
        return (exitCode, output.ToString());
    }
}
