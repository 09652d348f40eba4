using System.Security.Cryptography;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WorkspacePageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task An_owner_adds_finds_edits_and_deletes_a_person_and_sees_field_errors_on_bad_input()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (account, owner, _) = await accounts.OwnerWithTokensAsync();
        owner.Dispose();
        await using var context = await browser.NewContextAsync();
        var page = await context.SignInAsync(account);

        await page.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "People" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a person" }).ClickAsync();

        await page.GetByLabel("Name").FillAsync("Émilie du Châtelet");
        await page.GetByLabel("Email").FillAsync("emilie-at-example.org");
        await page.GetByLabel("Date of birth (YYYY-MM-DD)").FillAsync("17/12/1706");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Assertions.Expect(page.Locator("#email-error")).ToContainTextAsync("Enter an email address");
        await Assertions.Expect(page.Locator("#born-error")).ToContainTextAsync("YYYY-MM-DD");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Email").FillAsync("emilie@example.org");
        await page.GetByLabel("Date of birth (YYYY-MM-DD)").FillAsync("1906-12-17");
        await page.GetByLabel("Notes").FillAsync("Translated the Principia");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "emilie@example.org" })).ToBeVisibleAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("chatelet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByText("1 person matches.")).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("newton");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Nobody matches that search.")).ToBeVisibleAsync();

        await page.GotoAsync("/people");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit Émilie du Châtelet" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Notes")).ToHaveValueAsync("Translated the Principia");
        await page.GetByLabel("Phone").FillAsync("+33 1 23 45 67 89");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "+33 1 23 45 67 89" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete Émilie du Châtelet" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This cannot be undone")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Émilie du Châtelet" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Nobody in the directory yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_document_uploads_with_a_progress_bar_downloads_byte_for_byte_and_is_deleted()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        var (account, owner, _) = await accounts.OwnerWithTokensAsync();
        owner.Dispose();
        await using var context = await browser.NewContextAsync();
        var page = await context.SignInAsync(account);
        var progress = new List<string>();
        await page.ExposeFunctionAsync("reportUploadProgress", (string value) => { lock (progress) { progress.Add(value); } });

        await page.GetByRole(AriaRole.Link, new() { Name = "Documents", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upload a document" })).ToBeVisibleAsync();
        await page.EvaluateAsync("""
            () => {
              const bar = document.getElementById("upload-progress");
              new MutationObserver(() => { if (!bar.hidden) window.reportUploadProgress(`${bar.value}/${bar.max}`); })
                .observe(bar, { attributes: true });
            }
            """);

        var content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 7);
        await page.GetByLabel("File (up to 100 MB)").SetInputFilesAsync(new FilePayload { Name = "survey results.csv", MimeType = "text/csv", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Uploaded survey results.csv.")).ToBeVisibleAsync();
        lock (progress)
        {
            Assert.Contains(progress, p => p.StartsWith("0/", StringComparison.Ordinal) || p != progress[^1]);
            Assert.Contains(progress, p => p.Split('/') is [var done, var total] && done == total && double.Parse(total, System.Globalization.CultureInfo.InvariantCulture) >= content.Length);
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "survey results.csv", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = account.Email })).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download survey results.csv" }).ClickAsync());
        Assert.Equal(content, await File.ReadAllBytesAsync(await download.PathAsync()));

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete survey results.csv" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete survey results.csv" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No documents yet.")).ToBeVisibleAsync();
    }
}
