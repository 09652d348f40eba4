using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PeopleApiTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task People_are_created_found_by_name_words_and_exact_email_edited_and_deleted_and_each_step_is_audited()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var token = tokens.AccessToken;

        var jose = await owner.CreatePersonAsync(token, new { name = "José Müller-Smith", email = "Jose.Muller@Example.org", phone = "+44 20 7946 0000", dateOfBirth = "1985-04-23", notes = "Prefers email" });
        await owner.CreatePersonAsync(token, new { name = "Ada Lovelace", email = "ada@example.org" });
        var id = jose.GetProperty("id").GetString();

        var byName = await ListAsync(owner, token, "?name=muller%20JOSE");
        Assert.Equal(["José Müller-Smith"], Names(byName));
        Assert.Empty(Names(await ListAsync(owner, token, "?name=mull")));
        Assert.Equal(["José Müller-Smith"], Names(await ListAsync(owner, token, "?email=jose.muller@example.org")));
        Assert.Equal(2, (await ListAsync(owner, token, "?page=1&pageSize=1")).GetProperty("totalCount").GetInt32());

        var got = await (await owner.SendAsync(HttpMethod.Get, $"/api/people/{id}", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("1985-04-23", got.GetProperty("dateOfBirth").GetString());

        var edited = await owner.SendAsync(HttpMethod.Put, $"/api/people/{id}", token, new { name = "José Smith", email = "jose@example.org" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Empty(Names(await ListAsync(owner, token, "?name=muller")));
        Assert.Equal(["José Smith"], Names(await ListAsync(owner, token, "?name=smith")));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/people/{id}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Get, $"/api/people/{id}", token)).StatusCode);

        var actions = await owner.AuditActionsAsync(token);
        foreach (var action in new[] { "person.create", "person.list", "person.read", "person.update", "person.delete" })
        {
            Assert.Contains(action, actions);
        }
    }

    [Fact]
    public async Task Bad_input_gets_field_errors_for_every_wrong_field()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;

        var response = await owner.SendAsync(HttpMethod.Post, "/api/people", tokens.AccessToken,
            new { name = new string('x', 201), email = "not-an-email", dateOfBirth = "23/04/1985" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("dateOfBirth", out _));

        var future = await owner.SendAsync(HttpMethod.Post, "/api/people", tokens.AccessToken, new { name = "Future", dateOfBirth = "2999-01-01" });
        Assert.True((await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("dateOfBirth", out _));

        var page = await owner.SendAsync(HttpMethod.Get, "/api/people?pageSize=1000", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Empty(Names(await ListAsync(owner, tokens.AccessToken, "")));
    }

    [Fact]
    public async Task Another_organisation_cannot_see_change_or_delete_a_person()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var __ = other;
        var id = (await owner.CreatePersonAsync(tokens.AccessToken, new { name = "Grace Hopper", email = "grace@example.org" })).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/people/{id}", otherTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, $"/api/people/{id}", otherTokens.AccessToken, new { name = "Taken" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/api/people/{id}", otherTokens.AccessToken)).StatusCode);
        Assert.Empty(Names(await ListAsync(other, otherTokens.AccessToken, "?email=grace@example.org")));
        Assert.Empty(Names(await ListAsync(other, otherTokens.AccessToken, "?name=grace")));
        Assert.Equal(["Grace Hopper"], Names(await ListAsync(owner, tokens.AccessToken, "?name=grace")));
    }

    [Fact]
    public async Task A_read_only_user_reads_people_but_cannot_change_them_and_an_auditor_cannot_read_them()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var id = (await owner.CreatePersonAsync(tokens.AccessToken, new { name = "Katherine Johnson" })).GetProperty("id").GetString();
        var (reader, readerTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.ReadOnly);
        using var __ = reader;
        var (auditor, auditorTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Auditor);
        using var ___ = auditor;

        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(HttpMethod.Get, $"/api/people/{id}", readerTokens.AccessToken)).StatusCode);
        var create = await reader.SendAsync(HttpMethod.Post, "/api/people", readerTokens.AccessToken, new { name = "Nope" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains(Permissions.PeopleWrite, await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(HttpMethod.Delete, $"/api/people/{id}", readerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(HttpMethod.Get, "/api/people", auditorTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, $"/api/people/{id}", tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_tampered_field_is_answered_with_an_integrity_problem_and_recorded()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var id = Guid.Parse((await owner.CreatePersonAsync(tokens.AccessToken, new { name = "Hedy Lamarr", email = "hedy@example.org" })).GetProperty("id").GetString()!);

        await using (var db = await platform.AdminConnectionAsync())
        {
            // Flip one bit of the ciphertext of the stored email.
            await using var tamper = new Npgsql.NpgsqlCommand(
                "update people set email = overlay(email placing set_byte(substring(email from 20 for 1), 0, get_byte(email, 19) # 1) from 20 for 1) where id = $1 and tenant_id = $2", db);
            tamper.Parameters.AddWithValue(id);
            tamper.Parameters.AddWithValue(account.TenantId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var response = await owner.SendAsync(HttpMethod.Get, $"/api/people/{id}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://viggotech.io/problems/data-integrity", problem.GetProperty("type").GetString());
        Assert.DoesNotContain("hedy@", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data.integrity_failure", await owner.AuditActionsAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task One_damaged_row_is_listed_as_unreadable_while_the_others_still_list_and_reading_it_alone_is_a_conflict()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var token = tokens.AccessToken;
        await owner.CreatePersonAsync(token, new { name = "Ada Lovelace", email = "ada@example.org" });
        var damaged = Guid.Parse((await owner.CreatePersonAsync(token, new { name = "Grace Hopper", email = "grace@example.org", notes = "Compiler pioneer" }))
            .GetProperty("id").GetString()!);
        await owner.CreatePersonAsync(token, new { name = "Alan Turing", email = "alan@example.org" });

        await using (var db = await platform.AdminConnectionAsync())
        {
            // Flip one bit of the ciphertext of the stored name, as someone with the database could.
            await using var tamper = new Npgsql.NpgsqlCommand(
                "update people set name = overlay(name placing set_byte(substring(name from 20 for 1), 0, get_byte(name, 19) # 1) from 20 for 1) where id = $1 and tenant_id = $2", db);
            tamper.Parameters.AddWithValue(damaged);
            tamper.Parameters.AddWithValue(account.TenantId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var listing = await owner.SendAsync(HttpMethod.Get, "/api/people", token);
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        var body = await listing.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Grace", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Compiler", body, StringComparison.Ordinal);
        var items = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var unreadable = Assert.Single(items, p => p.TryGetProperty("unreadable", out var flag) && flag.GetBoolean());
        Assert.Equal(damaged, unreadable.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, unreadable.GetProperty("email").ValueKind);
        Assert.Equal(["Alan Turing", "Ada Lovelace"], items.Where(p => !p.TryGetProperty("unreadable", out _)).Select(p => p.GetProperty("name").GetString()!));

        // Its email index still matches: the search shows it as unreadable rather than hiding it.
        var byEmail = await ListAsync(owner, token, "?email=grace@example.org");
        Assert.True(Assert.Single(byEmail.GetProperty("items").EnumerateArray()).GetProperty("unreadable").GetBoolean());

        var single = await owner.SendAsync(HttpMethod.Get, $"/api/people/{damaged}", token);
        Assert.Equal(HttpStatusCode.Conflict, single.StatusCode);
        Assert.Equal("https://viggotech.io/problems/data-integrity", (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var actions = await owner.AuditActionsAsync(token);
        Assert.True(actions.Count(a => a == "data.integrity_failure") >= 3, "the list, the search and the single read each record the failure");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/people/{damaged}", token)).StatusCode);
        Assert.Equal(["Alan Turing", "Ada Lovelace"], Names(await ListAsync(owner, token, "")));
    }

    private static async Task<JsonElement> ListAsync(ApiSession session, string token, string query)
    {
        var response = await session.SendAsync(HttpMethod.Get, "/api/people" + query, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Names(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
}
