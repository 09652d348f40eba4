using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Npgsql;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class UnreadablePersonPageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task A_person_whose_stored_name_was_tampered_with_shows_as_unreadable_beside_the_others_and_can_be_deleted()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        foreach (var name in new[] { "Lise Meitner", "Chien-Shiung Wu" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/people") { Content = JsonContent.Create(new { name }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            Assert.Equal(System.Net.HttpStatusCode.Created, (await owner.Http.SendAsync(request)).StatusCode);
        }

        // Flip one bit of the stored name of Chien-Shiung Wu (the newest row), as someone with the database could.
        var admin = new NpgsqlConnectionStringBuilder(await browser.ConnectionStringAsync("postgres-admin"))
        {
            Host = "127.0.0.1",
            Port = browser.Ports["PostgresPrimary"],
            TargetSessionAttributes = null,
            Pooling = false,
            Database = "viggotech",
        };
        await using (var db = new NpgsqlConnection(admin.ConnectionString))
        {
            await db.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                "update people set name = overlay(name placing set_byte(substring(name from 20 for 1), 0, get_byte(name, 19) # 1) from 20 for 1) " +
                "where id = (select id from people where tenant_id = $1 order by created_at desc limit 1)", db);
            tamper.Parameters.AddWithValue(account.TenantId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" })).ToBeVisibleAsync();

        await page.GotoAsync("/people");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Lise Meitner", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Unreadable entry")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("2 people.")).ToBeVisibleAsync();
        Assert.DoesNotContain("Chien-Shiung", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Delete the unreadable entry") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the unreadable entry" }).ClickAsync();
        await Assertions.Expect(page.GetByText("1 person.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Unreadable entry")).ToHaveCountAsync(0);
    }
}
