using System.Net;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Processes;

namespace Viggotech.Web.Tests;

/// <summary>
/// The portal's backup and export pages as an administrator uses them: a passphrase-protected
/// export that builds with progress, downloads once and opens with the CLI; an on-demand backup
/// that shows its progress and completes; and a member who is sent away from both.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BackupAndExportPageTests(BrowserFixture browser)
{
    private const string Passphrase = "copper kettle morning tide";
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task An_owner_exports_with_a_passphrase_downloads_once_and_the_cli_opens_it_only_with_that_passphrase()
    {
        Assertions.SetDefaultExpectTimeout(60_000);
        var (account, owner, _) = await accounts.OwnerWithTokensAsync();
        owner.Dispose();
        await using var context = await browser.NewContextAsync();
        var page = await context.SignInAsync(account);

        await page.GotoAsync("/organization/export");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Export your data" })).ToBeVisibleAsync();

        // Mismatched passphrases are refused before anything is built.
        await page.GetByLabel("Passphrase (at least 12 characters)").FillAsync(Passphrase);
        await page.GetByLabel("Passphrase again").FillAsync(Passphrase + "!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the export" }).ClickAsync();
        await Assertions.Expect(page.Locator("#export-passphrase-error")).ToContainTextAsync("The two passphrases differ.");
        Assert.Equal("/organization/export", new Uri(page.Url).AbsolutePath);

        // A short one is refused by the Api with a field error.
        await page.GetByLabel("Passphrase (at least 12 characters)").FillAsync("short");
        await page.GetByLabel("Passphrase again").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the export" }).ClickAsync();
        await Assertions.Expect(page.Locator("#export-passphrase-error")).Not.ToBeEmptyAsync();
        Assert.Equal("/organization/export", new Uri(page.Url).AbsolutePath);

        await page.GetByLabel("Passphrase (at least 12 characters)").FillAsync(Passphrase);
        await page.GetByLabel("Passphrase again").FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the export" }).ClickAsync();
        // The Worker builds it; the page shows its progress meanwhile and reloads itself until it is ready.
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Export progress" })).ToBeVisibleAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download the export" });
        await Assertions.Expect(link).ToBeVisibleAsync();
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var file = Path.Combine(BrowserFixture.ArtifactsPath, $"export-{Guid.NewGuid():N}.vgtexport");
        await download.SaveAsAsync(file);
        var right = Path.Combine(BrowserFixture.ArtifactsPath, $"pass-{Guid.NewGuid():N}.txt");
        var wrong = Path.Combine(BrowserFixture.ArtifactsPath, $"pass-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(right, Passphrase + "\n");
        await File.WriteAllTextAsync(wrong, Passphrase + " but wrong\n");
        try
        {
            var verified = await CliProcess.RunAsync("export", "verify", file, "--passphrase-file", right);
            Assert.True(verified.ExitCode == 0, verified.Output);
            var refused = await CliProcess.RunAsync("export", "verify", file, "--passphrase-file", wrong);
            Assert.True(refused.ExitCode != 0, refused.Output);
        }
        finally
        {
            File.Delete(right);
            File.Delete(wrong);
            File.Delete(file);
        }

        // The link was single-use: following it again gets nothing to download.
        var again = await context.APIRequest.GetAsync(href!, new() { MaxRedirects = 0 });
        Assert.NotEqual((int)HttpStatusCode.OK, again.Status);
    }

    [Fact]
    public async Task An_owner_starts_a_backup_watches_its_progress_and_sees_it_complete_while_a_member_is_kept_out()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (account, owner, ownerToken) = await accounts.OwnerWithTokensAsync();
        var (memberSession, _, member) = await accounts.InvitedUserAsync(owner, ownerToken.AccessToken, "member");
        memberSession.Dispose();
        owner.Dispose();
        await using var context = await browser.NewContextAsync();
        var page = await context.SignInAsync(account);

        await page.GotoAsync("/organization/backups");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backups", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No backups yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a backup" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Backup started" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "On demand" })).ToBeVisibleAsync();

        // The Worker picks requests up on its next backup run (every minute); the page reloads itself meanwhile.
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "completed" }))
            .ToBeVisibleAsync(new() { Timeout = 180_000 });

        await using var memberContext = await browser.NewContextAsync();
        var memberPage = await memberContext.SignInAsync(member);
        foreach (var path in new[] { "/organization/backups", "/organization/export" })
        {
            await memberPage.GotoAsync(path);
            await Assertions.Expect(memberPage.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }
    }
}
