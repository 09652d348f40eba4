using Microsoft.Playwright;
using Viggotech.Testing.Platform;

namespace Viggotech.Testing.Browser;

/// <summary>
/// The platform plus Debian's Chromium driven by Playwright. Pages trust nothing but what the
/// platform serves; screenshots go to <c>TestResults/artifacts</c>.
/// </summary>
public class BrowserFixture : PlatformFixture
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public static string ArtifactsPath { get; } = CreateArtifactsPath();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies and storage) that trusts the local CA's certificates.</summary>
    public async Task<IBrowserContext> NewContextAsync() =>
        await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            BaseURL = WebUrl("https"),
        });

    public string WebUrl(string endpoint = "https") =>
        endpoint == "https" ? $"https://localhost:{Ports["WebHttps"]}" : $"http://localhost:{Ports["WebHttp"]}";

    private static string CreateArtifactsPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Viggotech.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "TestResults", "artifacts");
        Directory.CreateDirectory(path);
        return path;
    }
}
