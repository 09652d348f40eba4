using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Viggotech.Testing.Browser;
using Viggotech.Testing.Identity;

namespace Viggotech.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class UsersAndRolesPortalTests(BrowserFixture browser)
{
    private readonly TestAccounts accounts = new(browser);

    [Fact]
    public async Task An_owner_invites_a_member_changes_their_roles_and_builds_a_custom_role_and_the_member_sees_each_change_on_the_next_page()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (owner, ownerApi, _) = await accounts.OwnerWithTokensAsync();
        ownerApi.Dispose();
        await using var ownerContext = await browser.NewContextAsync();
        var admin = await SignInAsync(ownerContext, owner.Email, owner.Password);

        // Invite from the Users page.
        var email = TestPasswords.Email("member");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Invite someone" }).ClickAsync();
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync("member");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Invitation sent" })).ToContainTextAsync(email);
        var password = await AcceptInvitationAsync(email);

        // The member signs in once, for the whole test; they see no Users or Roles and cannot reach them.
        await using var memberContext = await browser.NewContextAsync();
        var member = await SignInAsync(memberContext, email, password);
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Roles" })).ToHaveCountAsync(0);
        await member.GotoAsync("/organization/users");
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await member.GotoAsync("/organization/roles");
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        // The owner adds the Auditor role: the member's next page shows Users and Roles.
        await admin.GotoAsync("/organization/users");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Manage {email}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "Auditor", Exact = true }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Roles saved" })).ToBeVisibleAsync();
        await Assertions.Expect(Held(admin)).ToContainTextAsync("Auditor");
        await Assertions.Expect(Held(admin)).ToContainTextAsync("Member");

        await member.GotoAsync("/");
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await member.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Cell, new() { Name = owner.Email, Exact = true })).ToBeVisibleAsync();

        // A custom role from the catalogue, given to the member in place of Auditor.
        await admin.GotoAsync("/organization/roles");
        await admin.GetByLabel("Name").FillAsync("Directory readers");
        await admin.GetByLabel("Description").FillAsync("Sees who is in the organisation");
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "users.read: See the organisation's users and their roles" }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create role" }).ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(RoleCreated());
        await admin.GotoAsync("/organization/users");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Manage {email}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "Auditor", Exact = true }).UncheckAsync();
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "Directory readers", Exact = true }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Assertions.Expect(Held(admin)).ToContainTextAsync("Directory readers");
        await Assertions.Expect(Held(admin)).Not.ToContainTextAsync("Auditor");

        // "Why can this user do this?" names the granting role, and says so when none does.
        await admin.GetByLabel("Permission").SelectOptionAsync("users.read");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#why-answer")).ToContainTextAsync("because of: Directory readers");
        await admin.GetByLabel("Permission").SelectOptionAsync("audit.read");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#why-answer")).ToContainTextAsync("none of their roles grants it");

        // The custom role grants exactly its permission: Users yes, the Roles page is users.read too, Activity (audit.read) no.
        await member.GotoAsync("/organization/users");
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await member.GotoAsync("/organization/activity");
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        // Back to Member only: the next page turns the member away again, still without signing in.
        await admin.GotoAsync("/organization/users");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Manage {email}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "Directory readers", Exact = true }).UncheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Assertions.Expect(Held(admin)).ToHaveTextAsync("Holds: Member");
        await member.GotoAsync("/organization/users");
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        // A lost phone: the owner resets the member's two-step verification from the same page.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reset two-step verification" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Two-step verification reset" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_only_owner_cannot_take_away_their_own_owner_role_and_the_page_says_why()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var (owner, ownerApi, _) = await accounts.OwnerWithTokensAsync();
        ownerApi.Dispose();
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, owner.Email, owner.Password);

        await page.GotoAsync("/organization/users");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {owner.Email}" }).ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Administrator", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Owner", Exact = true }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "only owner" }))
            .ToContainTextAsync("Make someone else an owner first.");
        await Assertions.Expect(Held(page)).ToHaveTextAsync("Holds: Owner");
        // Still the owner on the next page: the organisation's settings are all there.
        await page.GotoAsync("/organization/roles");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create a custom role" })).ToBeVisibleAsync();
    }

    private static ILocator Held(IPage page) => page.Locator("p").Filter(new() { HasTextRegex = HoldsLine() });

    private async Task<IPage> SignInAsync(IBrowserContext context, string email, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Accepts the emailed invitation with a new password, as the invitee would on the Api's page.</summary>
    private async Task<string> AcceptInvitationAsync(string email)
    {
        var link = await accounts.Mailbox.WaitForLinkAsync(email, "invited");
        using var session = accounts.NewSession();
        var password = TestPasswords.Strong();
        var accepted = await TestAccounts.AcceptInvitationAsync(session, link, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, accepted.StatusCode);
        return password;
    }

    [GeneratedRegex("^Holds:")]
    private static partial Regex HoldsLine();

    [GeneratedRegex(@"/organization/roles/[0-9a-f-]{36}\?created=1$")]
    private static partial Regex RoleCreated();
}
