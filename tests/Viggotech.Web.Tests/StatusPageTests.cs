using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class StatusPageTests(BrowserFixture browser)
{
    private static readonly string[] Components =
    [
        "Portal", "Api", "Database (region A primary)", "Database replication to region B", "Session store",
        "Document storage, region A", "Document storage, region B", "Key management",
    ];

    [Fact]
    public async Task Status_page_lists_every_component_with_its_state_and_monthly_availability()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // The Worker probes every component at start; wait until the first round is recorded.
        var table = page.GetByRole(AriaRole.Table);
        for (var attempt = 0; ; attempt++)
        {
            var response = await page.GotoAsync("/status");
            Assert.Equal(200, response!.Status);
            if (await table.CountAsync() == 1 && !(await table.InnerTextAsync()).Contains("No checks yet", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(attempt < 60, "no probe results reached the status page within a minute");
            await Task.Delay(1000);
        }

        Assert.Equal("Platform status", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Contains("99.9 %", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var rows = table.Locator("tbody tr");
        Assert.Equal(Components.Length, await rows.CountAsync());
        for (var i = 0; i < Components.Length; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal(Components[i], await row.GetByRole(AriaRole.Rowheader).InnerTextAsync());
            var cells = row.GetByRole(AriaRole.Cell);
            Assert.Matches("^(Operational|Down|Unknown)$", (await cells.Nth(0).InnerTextAsync()).Trim());
            Assert.Matches(Availability(), await cells.Nth(1).InnerTextAsync());
        }

        // Column headers are real headers, so a screen reader announces them with each cell.
        Assert.Equal(4, await table.GetByRole(AriaRole.Columnheader).CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsPath, "status-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Status_page_is_linked_from_the_main_navigation()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Status" }).ClickAsync();

        // Enhanced navigation changes the URL within the same document, so there is no new load event to
        // wait for: waiting for the commit is enough, and the heading below proves the content arrived.
        await page.WaitForURLAsync("**/status", new() { WaitUntil = WaitUntilState.Commit });
        // Enhanced navigation swaps the content in after the URL changes.
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Platform status" }).WaitForAsync();
    }

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3})? %\s*(meets target|below target)$")]
    private static partial Regex Availability();
}
