using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Sessions;

[Collection(PlatformCollection.Name)]
public sealed class SessionStoreOutageTests(PlatformFixture platform)
{
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task With_redis_stopped_mid_run_every_request_that_needs_a_session_gets_503_problem_details()
    {
        var (_, owner, tokens) = await accounts.OwnerWithTokensAsync();
        using var _ = owner;
        var sessionId = await SessionsAndDevicesTests.SessionIdAsync(owner, tokens.AccessToken);

        // The real Api in this process, on a Redis of this test's own that holds a copy of the session.
        await using var redis = await LocalRedis.StartAsync();
        await using (var platformRedis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("redis")))
        await using (var local = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var key = $"session:{sessionId}";
            var value = await platformRedis.GetDatabase().StringGetAsync(key);
            await local.GetDatabase().StringSetAsync(key, value, TimeSpan.FromHours(1));
        }

        await using var api = await InProcessApi.CreateAsync(platform, new Dictionary<string, string> { ["ConnectionStrings:redis"] = redis.ConnectionString });
        using var client = api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        string[] paths = ["/api/session", "/api/account", "/api/users", "/api/roles", "/api/sessions"];
        foreach (var path in paths)
        {
            var response = await GetAsync(client, path, tokens.AccessToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await redis.StopAsync();
        foreach (var path in paths)
        {
            var response = await GetAsync(client, path, tokens.AccessToken);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("RedisConnectionException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
