using System.Net;
using Npgsql;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class SignInTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task Confirmed_owner_signs_in_and_gets_tokens_naming_user_tenant_and_session()
    {
        using var setup = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(setup);
        using var session = accounts.NewSession();

        var response = await accounts.SignInAsync(session, account.Email, account.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/signin", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var tokens = await accounts.AuthorizeAsync(session);
        var me = await session.SendAsync(HttpMethod.Get, "/api/account", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(account.Email, await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Access tokens are encrypted (JWE, five parts): the client cannot read what they carry.
        Assert.Equal(5, tokens.AccessToken.Split('.').Length);
        Assert.NotNull(tokens.RefreshToken);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        using var setup = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(setup);
        using var session = accounts.NewSession();

        var wrongPassword = await accounts.SignInAsync(session, account.Email, TestPasswords.Strong());
        var unknownEmail = await accounts.SignInAsync(session, TestPasswords.Email("nobody"), TestPasswords.Strong());

        Assert.Equal(wrongPassword.StatusCode, unknownEmail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        var wrongHtml = await wrongPassword.Content.ReadAsStringAsync();
        var unknownHtml = await unknownEmail.Content.ReadAsStringAsync();
        Assert.Contains("The email or password is not right.", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("The email or password is not right.", unknownHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_up_with_a_taken_address_answers_like_a_new_one_and_tells_the_owner_by_mail()
    {
        using var setup = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(setup);
        using var session = accounts.NewSession();

        var again = await session.SubmitAsync("/signup", new Dictionary<string, string>
        {
            ["Organisation"] = "Copycat org", ["Email"] = account.Email, ["Password"] = TestPasswords.Strong(),
        });

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/signup/sent", again.Headers.Location?.OriginalString);
        Assert.Contains("already has an account", await accounts.Mailbox.WaitForTextAsync(account.Email, "already have a Viggotech account"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        using var setup = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(setup);
        using var session = accounts.NewSession();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await accounts.SignInAsync(session, account.Email, "wrong-" + attempt + TestPasswords.Strong());
            Assert.Contains("The email or password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await accounts.SignInAsync(session, account.Email, "wrong-5" + TestPasswords.Strong());
        Assert.Contains("locked", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var right = await accounts.SignInAsync(session, account.Email, account.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var outcomes = await HistoryAsync(account.TenantId);
        Assert.Equal(["succeeded", "failed", "failed", "failed", "failed", "locked-out", "locked-out"], outcomes.Select(o => o.Outcome));
        Assert.Equal("wrong-password", outcomes[^2].Reason);
        Assert.Equal("locked-out", outcomes[^1].Reason);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(session.SourceAddress.ToString(), o.Ip));
    }

    [Fact]
    public async Task Common_and_short_passwords_are_refused_at_sign_up_with_a_clear_message()
    {
        using var session = accounts.NewSession();

        var common = await SignUpAsync(session, "password1234");
        var shortOne = await SignUpAsync(session, "x7#Kq9!");

        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Contains("too common or too easy to guess", await common.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Use at least 12 characters.", await shortOne.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorization_request_without_PKCE_is_refused()
    {
        var (_, session, _) = await accounts.OwnerWithTokensAsync();
        using var owned = session;

        var response = await session.Http.GetAsync(
            $"/connect/authorize?client_id=portal&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(accounts.PortalRedirectUri)}&state=s");
        var plain = await session.Http.GetAsync(
            $"/connect/authorize?client_id=portal&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(accounts.PortalRedirectUri)}&state=s&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij&code_challenge_method=plain");

        foreach (var refused in new[] { response, plain })
        {
            var location = refused.Headers.Location?.ToString() ?? "";
            Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
            Assert.True(location.Contains("error=invalid_request", StringComparison.Ordinal) || refused.StatusCode == HttpStatusCode.BadRequest, location);
        }
    }

    [Fact]
    public async Task Password_reset_requests_are_rate_limited_per_address_with_retry_after()
    {
        using var session = accounts.NewSession();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last = await session.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = TestPasswords.Email() });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        using var other = accounts.NewSession();
        var elsewhere = await other.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = TestPasswords.Email() });
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task The_app_role_cannot_read_the_sign_in_directory_only_ask_it_for_one_email()
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync("viggotech"));
        await connection.OpenAsync();

        var denied = await Assert.ThrowsAsync<PostgresException>(async () =>
            await new NpgsqlCommand("select count(*) from identity_directory.accounts", connection).ExecuteScalarAsync());
        Assert.Equal("42501", denied.SqlState);
        await using var users = new NpgsqlCommand("select count(*) from users", connection);
        Assert.Equal(0L, await users.ExecuteScalarAsync());
    }

    private Task<HttpResponseMessage> SignUpAsync(ApiSession session, string password) =>
        session.SubmitAsync("/signup", new Dictionary<string, string>
        {
            ["Organisation"] = "Weak passwords inc",
            ["Email"] = TestPasswords.Email(),
            ["Password"] = password,
        });

    private async Task<List<(string Outcome, string? Reason, string? Ip)>> HistoryAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync("viggotech"));
        await connection.OpenAsync();
        await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{tenantId}', false)", connection))
        {
            await set.ExecuteScalarAsync();
        }

        await using var command = new NpgsqlCommand("select outcome, reason, ip_address from sign_in_events order by occurred_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }
}
