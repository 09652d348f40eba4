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
        // Browsers apply HSTS per host name, never to localhost; a real host name over HTTPS gets it.
        Assert.False(headers.ContainsKey("strict-transport-security"));
    }

    [Fact]
    public async Task Https_responses_for_a_real_host_name_carry_hsts()
    {
        using var client = browser.CreateHttpClient("web", "https");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "portal.viggotech.example";

        using var response = await client.SendAsync(request);

        Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var values));
        Assert.StartsWith("max-age=31536000", values.Single(), StringComparison.Ordinal);
    }
}
