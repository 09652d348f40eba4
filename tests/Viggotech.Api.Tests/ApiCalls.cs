using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;
using Viggotech.Testing.Identity;

namespace Viggotech.Api.Tests;

/// <summary>Calls of the Api's JSON endpoints with a bearer token, as the portal makes them.</summary>
internal static class ApiCalls
{
    public static async Task<HttpResponseMessage> SendAsync(this ApiSession session, HttpMethod method, string path, string accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await session.Http.SendAsync(request);
    }

    /// <summary>Enables TOTP for the token's user and returns the secret (base32) and the recovery codes.</summary>
    public static async Task<(string Secret, List<string> RecoveryCodes)> EnableTotpAsync(this ApiSession session, string accessToken)
    {
        var setup = await (await session.SendAsync(HttpMethod.Post, "/api/account/authenticator/setup", accessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var secret = setup.GetProperty("setupKey").GetString()!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enabled = await session.SendAsync(HttpMethod.Post, "/api/account/authenticator/enable", accessToken, new { code = CurrentCode(secret) });
        enabled.EnsureSuccessStatusCode();
        var codes = (await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        return (secret, codes);
    }

    public static string CurrentCode(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow);

    /// <summary>A code for the next time step: accepted (one step of drift is allowed) and distinct from the current one.</summary>
    public static string NextCode(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30));

    public static async Task SetPolicyAsync(this ApiSession session, string accessToken, object policy) =>
        (await session.SendAsync(HttpMethod.Put, "/api/security-policy", accessToken, policy)).EnsureSuccessStatusCode();

    public static object Policy(string mfa = "optional", int minLength = 12, int minScore = 3, int lockoutThreshold = 5, int lockoutMinutes = 15) => new
    {
        mfaRequirement = mfa, passkeyOnlyForAdmins = false, enrolmentGraceDays = 0, passwordMinLength = minLength, passwordMinScore = minScore,
        passwordHistoryCount = 5, passwordMaxAgeDays = (int?)null, lockoutThreshold, lockoutMinutes,
    };
}
