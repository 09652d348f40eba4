using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Viggotech.Core.Identity;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class KeysApiTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Rotating_the_keys_shows_new_versions_people_stay_readable_and_every_key_operation_is_audited()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var token = tokens.AccessToken;
        var person = await owner.CreatePersonAsync(token, new { name = "Rosalind Franklin", email = "rosalind@example.org" });

        var before = await KeysAsync(owner, token);
        Assert.Equal(1, before.GetProperty("dataKeyVersion").GetInt32());
        Assert.Equal(90, before.GetProperty("rotationDays").GetInt32());
        var kek = before.GetProperty("keyEncryptionKeyVersion").GetString();
        Assert.False(string.IsNullOrEmpty(kek));
        Assert.Equal(JsonValueKind.String, before.GetProperty("keyEncryptionKeyCreatedAt").ValueKind);

        var rewrapped = await (await owner.SendAsync(HttpMethod.Post, "/api/keys/key-encryption-key/rotate", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(kek, rewrapped.GetProperty("keyEncryptionKeyVersion").GetString());

        var rotated = await (await owner.SendAsync(HttpMethod.Post, "/api/keys/data-key/rotate", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, rotated.GetProperty("dataKeyVersion").GetInt32());
        var rotation = rotated.GetProperty("rotation");
        Assert.Equal(2, rotation.GetProperty("targetVersion").GetInt32());
        Assert.Contains(rotation.GetProperty("status").GetString(), new[] { "running", "completed" });

        var read = await owner.SendAsync(HttpMethod.Get, $"/api/people/{person.GetProperty("id").GetString()}", token);
        Assert.Equal("rosalind@example.org", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        var found = await (await owner.SendAsync(HttpMethod.Get, "/api/people?name=franklin", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, found.GetProperty("totalCount").GetInt32());

        var invalid = await owner.SendAsync(HttpMethod.Put, "/api/keys/schedule", token, new { rotationDays = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rotationDays", out _));
        var schedule = await (await owner.SendAsync(HttpMethod.Put, "/api/keys/schedule", token, new { rotationDays = 30 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, schedule.GetProperty("rotationDays").GetInt32());

        var actions = await owner.AuditActionsAsync(token);
        foreach (var action in new[] { "key.kek.rotate", "key.data_key.rotate", "key.schedule.change" })
        {
            Assert.Contains(action, actions);
        }
    }

    [Fact]
    public async Task Only_key_managers_see_or_rotate_keys_and_only_their_own_organisations()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (member, memberTokens, _) = await accounts.InvitedUserAsync(owner, tokens.AccessToken, UserRoles.Member);
        using var __ = member;
        var (_, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var ___ = other;

        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/keys", memberTokens.AccessToken)).StatusCode);
        var rotate = await member.SendAsync(HttpMethod.Post, "/api/keys/data-key/rotate", memberTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.Contains(Permissions.KeysManage, await rotate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await other.SendAsync(HttpMethod.Post, "/api/keys/data-key/rotate", otherTokens.AccessToken);
        Assert.Equal(1, (await KeysAsync(owner, tokens.AccessToken)).GetProperty("dataKeyVersion").GetInt32());
        Assert.Equal(2, (await KeysAsync(other, otherTokens.AccessToken)).GetProperty("dataKeyVersion").GetInt32());
    }

    private static async Task<JsonElement> KeysAsync(ApiSession session, string token)
    {
        var response = await session.SendAsync(HttpMethod.Get, "/api/keys", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
