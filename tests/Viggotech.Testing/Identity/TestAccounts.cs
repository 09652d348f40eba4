using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Viggotech.Testing.Platform;

namespace Viggotech.Testing.Identity;

/// <summary>Creates organisations and signs in through the Api's own pages and endpoints, as a browser and the portal would.</summary>
public sealed class TestAccounts(PlatformFixture platform)
{
    public Mailbox Mailbox { get; } = new(platform.Endpoint("mail", "http"));

    public Uri ApiHttps => new($"https://localhost:{platform.Ports["ApiHttps"]}");

    public string PortalRedirectUri => $"https://localhost:{platform.Ports["WebHttps"]}/signin-oidc";

    public string PortalClientSecret =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(platform.DataPath, "secrets.json"))).RootElement.GetProperty("PortalClientSecret").GetString()!;

    public ApiSession NewSession() => new(ApiHttps, platform.CaCertificatePath);

    /// <summary>Signs up a new organisation and confirms its owner's email; the session is then signed in to the Api.</summary>
    public async Task<TestAccount> CreateOrganisationAsync(ApiSession session, string? organisation = null, string? email = null)
    {
        email ??= TestPasswords.Email("owner");
        var password = TestPasswords.Strong();
        var signUp = await session.SubmitAsync("/signup", new Dictionary<string, string>
        {
            ["Organisation"] = organisation ?? "Test org " + Guid.NewGuid().ToString("N")[..8],
            ["Email"] = email,
            ["Password"] = password,
        });
        if (signUp.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Sign-up failed: " + await signUp.Content.ReadAsStringAsync());
        }

        var link = await Mailbox.WaitForLinkAsync(email, "Confirm your email");
        var query = QueryHelpers.ParseQuery(link.Query);
        var confirmed = await session.SubmitAsync(link.PathAndQuery, new Dictionary<string, string>
        {
            ["Tenant"] = query["tenant"]!,
            ["Token"] = query["token"]!,
        }, "/confirm");
        if (confirmed.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Confirmation failed: " + await confirmed.Content.ReadAsStringAsync());
        }

        return new TestAccount(email, password, Guid.Parse(query["tenant"]!));
    }

    public Task<HttpResponseMessage> SignInAsync(ApiSession session, string email, string password, string? returnUrl = null) =>
        session.SubmitAsync("/signin", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
        });

    /// <summary>Runs the portal's code flow with PKCE against the session's sign-in and returns the token response.</summary>
    public async Task<TokenSet> AuthorizeAsync(ApiSession session)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = "portal",
            ["response_type"] = "code",
            ["redirect_uri"] = PortalRedirectUri,
            ["scope"] = "openid email offline_access api",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "test-state",
            ["nonce"] = "test-nonce",
        });
        var response = await session.Http.GetAsync(authorize);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"Authorize answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        if (string.IsNullOrEmpty(code))
        {
            throw new InvalidOperationException("No code in " + location);
        }

        return await TokenAsync(session, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = PortalRedirectUri,
            ["code_verifier"] = verifier,
        }) ?? throw new InvalidOperationException("The code was not exchanged.");
    }

    public async Task<TokenSet?> RefreshAsync(ApiSession session, string refreshToken) =>
        await TokenAsync(session, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>Signs up an organisation and returns its owner's session and tokens.</summary>
    public async Task<(TestAccount Account, ApiSession Session, TokenSet Tokens)> OwnerWithTokensAsync()
    {
        var session = NewSession();
        var account = await CreateOrganisationAsync(session);
        return (account, session, await AuthorizeAsync(session));
    }

    /// <summary>Invites a user with <paramref name="role"/> through the Api, accepts the emailed link and returns their session and tokens.</summary>
    public async Task<(ApiSession Session, TokenSet Tokens, TestAccount Account)> InvitedUserAsync(ApiSession owner, string ownerToken, string role)
    {
        var email = TestPasswords.Email(role);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invitations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email, role }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ownerToken);
        var invited = await owner.Http.SendAsync(request);
        if (invited.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Invitation refused: {invited.StatusCode} {await invited.Content.ReadAsStringAsync()}");
        }

        var link = await Mailbox.WaitForLinkAsync(email, "invited");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        var session = NewSession();
        var password = TestPasswords.Strong();
        var accepted = await AcceptInvitationAsync(session, link, password);
        if (accepted.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Invitation not accepted: {accepted.StatusCode}");
        }

        return (session, await AuthorizeAsync(session), new TestAccount(email, password, Guid.Parse(query["tenant"]!)));
    }

    /// <summary>Submits the invitation page of a mailed link with a new password; a redirect means it was accepted.</summary>
    public static Task<HttpResponseMessage> AcceptInvitationAsync(ApiSession session, Uri link, string password)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        return session.SubmitAsync(link.PathAndQuery, new Dictionary<string, string>
        {
            ["Tenant"] = query["tenant"]!, ["Token"] = query["token"]!, ["Password"] = password,
        }, "/invitation");
    }

    private async Task<TokenSet?> TokenAsync(ApiSession session, Dictionary<string, string> fields)
    {
        fields["client_id"] = "portal";
        fields["client_secret"] = PortalClientSecret;
        var response = await session.Http.PostAsync("/connect/token", new FormUrlEncodedContent(fields));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return new TokenSet(json.GetProperty("access_token").GetString()!, json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null);
    }
}

public sealed record TestAccount(string Email, string Password, Guid TenantId);

public sealed record TokenSet(string AccessToken, string? RefreshToken);
