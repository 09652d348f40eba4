using System.Diagnostics;
using System.Net;
using Npgsql;
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
