using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class UnreadableDocumentPageTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task A_document_whose_stored_name_was_tampered_with_shows_as_unreadable_beside_the_others_and_can_be_deleted()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var ids = new List<Guid>();
        foreach (var name in new[] { "agenda.txt", "board salaries.txt", "roadmap.txt" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents?name={Uri.EscapeDataString(name)}")
            {
                Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"The content of {name}")),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            var response = await owner.Http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            ids.Add(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        }

        // Flip one bit of the stored name of the second document, as someone with the database could.
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
                "update documents set name = overlay(name placing set_byte(substring(name from 20 for 1), 0, get_byte(name, 19) # 1) from 20 for 1) " +
                "where id = $1 and tenant_id = $2", db);
            tamper.Parameters.AddWithValue(ids[1]);
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

        await page.GotoAsync("/documents");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "agenda.txt", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "roadmap.txt", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Unreadable entry")).ToBeVisibleAsync();
        Assert.DoesNotContain("salaries", await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download", Exact = false })).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Delete the unreadable document") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the unreadable document" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Unreadable entry")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "agenda.txt", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "roadmap.txt", Exact = true })).ToBeVisibleAsync();
    }
}
