using Microsoft.Playwright;
using Viggotech.Testing.Browser;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LandingPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Landing_page_renders_its_title_and_says_what_the_platform_is()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("Viggotech", await page.TitleAsync());
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        Assert.Equal("Viggotech", await heading.InnerTextAsync());
        Assert.Contains("multi-tenant", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsPath, "landing-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Landing_page_carries_the_security_headers()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.StartsWith("max-age=", headers["strict-transport-security"], StringComparison.Ordinal);
    }
}
