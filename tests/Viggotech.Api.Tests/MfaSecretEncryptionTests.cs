using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class MfaSecretEncryptionTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task The_authenticator_secret_is_stored_encrypted_and_still_signs_the_user_in()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (secret, _) = await owner.EnableTotpAsync(tokens.AccessToken);

        using var signIn = accounts.NewSession();
        await accounts.SignInAsync(signIn, account.Email, account.Password);
        var accepted = await signIn.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = ApiCalls.NextCode(secret) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        await using var db = await platform.AdminConnectionAsync();
        await using var stored = new NpgsqlCommand("select value from user_tokens where name = 'AuthenticatorKey' and tenant_id = $1", db);
        stored.Parameters.AddWithValue(account.TenantId);
        var value = (string)(await stored.ExecuteScalarAsync())!;
        Assert.StartsWith("vgt1:", value, StringComparison.Ordinal);

        var dump = await PgDumpAsync(await platform.AdminConnectionStringAsync());
        Assert.Contains(value, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, dump, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_secret_copied_onto_another_user_does_not_give_them_codes()
    {
        var (victim, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (secret, _) = await owner.EnableTotpAsync(tokens.AccessToken);
        var (attacker, attackerSession, attackerTokens) = await accounts.OwnerWithTokensAsync();
        using var attackerDisposal = attackerSession;
        await attackerSession.EnableTotpAsync(attackerTokens.AccessToken);

        await using (var db = await platform.AdminConnectionAsync())
        {
            await using var copy = new NpgsqlCommand(
                "update user_tokens set value = (select value from user_tokens where name = 'AuthenticatorKey' and tenant_id = $1) where name = 'AuthenticatorKey' and tenant_id = $2", db);
            copy.Parameters.AddWithValue(victim.TenantId);
            copy.Parameters.AddWithValue(attacker.TenantId);
            Assert.Equal(1, await copy.ExecuteNonQueryAsync());
        }

        using var signIn = accounts.NewSession();
        await accounts.SignInAsync(signIn, attacker.Email, attacker.Password);
        var refused = await signIn.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = ApiCalls.NextCode(secret) });
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task Rotating_the_data_key_moves_the_authenticator_secret_onto_the_new_key_and_it_still_signs_the_user_in()
    {
        var (account, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (secret, _) = await owner.EnableTotpAsync(tokens.AccessToken);
        Assert.Equal(1, await SecretKeyVersionAsync(account.TenantId));

        var rotated = await owner.SendAsync(HttpMethod.Post, "/api/keys/data-key/rotate", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        // The test platform's Worker runs its re-encryption job every 2 seconds (30 in production).
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await SecretKeyVersionAsync(account.TenantId) != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the re-encryption job did not move the authenticator secret onto data key version 2");
            await Task.Delay(1000);
        }

        using var signIn = accounts.NewSession();
        await accounts.SignInAsync(signIn, account.Email, account.Password);
        var accepted = await signIn.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = ApiCalls.NextCode(secret) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    /// <summary>The data key version named inside the stored envelope (bytes 1 to 4, big-endian).</summary>
    private async Task<int> SecretKeyVersionAsync(Guid tenantId)
    {
        await using var db = await platform.AdminConnectionAsync();
        await using var stored = new NpgsqlCommand("select value from user_tokens where name = 'AuthenticatorKey' and tenant_id = $1", db);
        stored.Parameters.AddWithValue(tenantId);
        var envelope = Convert.FromBase64String(((string)(await stored.ExecuteScalarAsync())!)["vgt1:".Length..]);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(envelope.AsSpan(1, 4));
    }

    [Fact]
    public async Task A_new_authenticator_secret_waits_in_redis_sealed_and_a_sealed_value_moved_to_another_user_is_refused()
    {
        var (ownerAccount, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (otherAccount, other, otherTokens) = await accounts.OwnerWithTokensAsync();
        using var otherSession = other;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("redis"));

        var setup = await (await owner.SendAsync(HttpMethod.Post, "/api/account/authenticator/setup", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var secret = setup.GetProperty("setupKey").GetString()!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var ownerId = await UserIdAsync(ownerAccount);
        var waiting = (byte[])(await redis.GetDatabase().StringGetAsync($"totp-setup:{ownerId:N}"))!;
        Assert.NotEmpty(waiting);
        var text = System.Text.Encoding.Latin1.GetString(waiting);
        Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(OtpNet.Base32Encoding.ToBytes(secret)), Convert.ToHexString(waiting), StringComparison.Ordinal);

        // The other user starts a setup, and the owner's sealed secret is put in its place: it is
        // bound to the owner (and the owner's tenant), so it does not enrol the other user.
        await other.SendAsync(HttpMethod.Post, "/api/account/authenticator/setup", otherTokens.AccessToken);
        var otherId = await UserIdAsync(otherAccount);
        await redis.GetDatabase().StringSetAsync($"totp-setup:{otherId:N}", waiting, TimeSpan.FromMinutes(5));
        var refused = await other.SendAsync(HttpMethod.Post, "/api/account/authenticator/enable", otherTokens.AccessToken, new { code = ApiCalls.CurrentCode(secret) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Start the setup again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The owner's own setup completes with a code from the secret it was shown.
        var enabled = await owner.SendAsync(HttpMethod.Post, "/api/account/authenticator/enable", tokens.AccessToken, new { code = ApiCalls.CurrentCode(secret) });
        enabled.EnsureSuccessStatusCode();
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"totp-setup:{ownerId:N}"));
    }

    private async Task<Guid> UserIdAsync(TestAccount account)
    {
        await using var db = await platform.AdminConnectionAsync();
        await using var find = new NpgsqlCommand("select id from users where tenant_id = $1 and normalized_email = upper($2)", db);
        find.Parameters.AddWithValue(account.TenantId);
        find.Parameters.AddWithValue(account.Email);
        return (Guid)(await find.ExecuteScalarAsync())!;
    }

    private static async Task<string> PgDumpAsync(string connectionString)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString);
        var tool = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin", "pg_dump")).Where(File.Exists).Order().Last();
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", admin.Username!, "--no-password", admin.Database! })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGPASSWORD"] = admin.Password;
        start.Environment["PGSSLMODE"] = "require";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }
}
