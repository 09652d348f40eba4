using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Security.KeyVault.Secrets;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>The bearer challenge, the open health endpoint and Key Vault-shaped errors on raw HTTPS.</summary>
public sealed class ChallengeTests(RunningEmulator emulator) : IClassFixture<RunningEmulator>
{
    [Fact]
    public async Task Request_without_token_gets_401_with_bearer_challenge()
    {
        using var http = emulator.CreateHttpClient();

        using var response = await http.GetAsync("/secrets?api-version=7.6");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal(
            "authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000ee\", resource=\"https://vault.azure.net\"",
            challenge.Parameter);
        Assert.Equal("Unauthorized", await ErrorCode(response));
    }

    [Fact]
    public async Task Request_with_an_empty_bearer_token_is_challenged()
    {
        using var http = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secrets?api-version=7.6");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer ");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_without_token()
    {
        using var http = emulator.CreateHttpClient();

        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Client_asks_its_credential_for_the_vault_scope_and_tenant_named_in_the_challenge()
    {
        var credential = new FixedTokenCredential();
        var client = emulator.CreateClient(credential);

        await client.SetSecretAsync("s-" + Guid.NewGuid().ToString("N"), "value");

        var request = Assert.IsType<Azure.Core.TokenRequestContext>(credential.LastRequest);
        Assert.Equal(["https://vault.azure.net/.default"], request.Scopes);
        Assert.Equal("00000000-0000-0000-0000-0000000000ee", request.TenantId);
    }

    [Fact]
    public async Task Malformed_body_is_a_bad_parameter_error()
    {
        using var http = Authorized();
        using var body = new StringContent("{\"value\":", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PutAsync("/secrets/broken?api-version=7.6", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadParameter", await ErrorCode(response));
    }

    [Fact]
    public async Task Invalid_secret_name_is_a_bad_parameter_error()
    {
        using var http = Authorized();

        using var response = await http.PutAsJsonAsync("/secrets/not_valid?api-version=7.6", new { value = "v" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadParameter", await ErrorCode(response));
    }

    [Fact]
    public async Task Next_link_is_an_absolute_url_carrying_the_api_version()
    {
        var client = emulator.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.SetSecretAsync($"page-{Guid.NewGuid():N}", "v");
        }

        using var http = Authorized();
        using var page = await http.GetFromJsonAsync<JsonDocument>("/secrets?api-version=7.6&maxresults=2");

        var next = page!.RootElement.GetProperty("nextLink").GetString();
        Assert.Equal(2, page.RootElement.GetProperty("value").GetArrayLength());
        Assert.StartsWith(new Uri(emulator.VaultUri, "/secrets?api-version=7.6&$skiptoken=").ToString(), next, StringComparison.Ordinal);
    }

    private HttpClient Authorized()
    {
        var http = emulator.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FixedTokenCredential.Token);
        return http;
    }

    private static async Task<string?> ErrorCode(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetProperty("code").GetString();
    }
}
