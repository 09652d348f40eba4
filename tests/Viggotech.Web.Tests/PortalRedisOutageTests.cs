using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(RedisOutageCollection.Name)]
public sealed class PortalRedisOutageTests(RedisOutagePlatform browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task With_redis_stopped_a_signed_in_users_next_page_is_a_clear_503_and_the_portal_recovers_when_redis_returns()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (owner, ownerApi, _) = await accounts.OwnerWithTokensAsync();
        ownerApi.Dispose();
        await using var context = await browser.NewContextAsync();
        var page = await context.SignInAsync(owner);
        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = owner.Email, Exact = true })).ToBeVisibleAsync();

        var commands = browser.App.Services.GetRequiredService<ResourceCommandService>();
        Assert.True((await commands.ExecuteCommandAsync("redis", "resource-stop")).Success);
        try
        {
            await WaitUntilAsync(async () => !await AnswersAsync(browser.Ports["Redis"]));
            foreach (var path in new[] { "/organization/users", "/account/sessions", "/" })
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(503, response!.Status);
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Temporarily unavailable" })).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot check your sign-in");
                // Nothing the page would show without a session check.
                Assert.DoesNotContain(owner.Email, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            Assert.True((await commands.ExecuteCommandAsync("redis", "resource-start")).Success);
            await browser.App.ResourceNotifications.WaitForResourceHealthyAsync("redis").WaitAsync(TimeSpan.FromMinutes(1));
        }

        // Redis keeps its data across a clean stop: the same sign-in works again once it is back, without signing in anew.
        await WaitUntilAsync(async () => (await page.GotoAsync("/organization/users"))!.Status == 200);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = owner.Email, Exact = true })).ToBeVisibleAsync();
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail("The condition did not hold within 30 seconds.");
    }
}
