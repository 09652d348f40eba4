using System.Net;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PlatformStartupTests(PlatformFixture platform)
{
    [Fact]
    public void Every_long_running_resource_reports_healthy()
    {
        foreach (var resource in PlatformFixture.LongRunningResources)
        {
            Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(resource, out var state), $"{resource} has no state");
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task Init_steps_and_migrations_finish_with_exit_code_zero()
    {
        foreach (var resource in PlatformFixture.CompletingResources)
        {
            Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(resource, out var state), $"{resource} has no state");
            Assert.Equal(0, state.Snapshot.ExitCode);
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Api_health_endpoint_answers_200()
    {
        using var client = platform.CreateHttpClient(ResourceNames.Api);
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_answers_over_https_with_a_certificate_from_the_local_ca()
    {
        using var client = platform.CreateHttpClient(ResourceNames.Api, "https");
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https", client.BaseAddress!.Scheme);
    }

    [Fact]
    public async Task Web_landing_page_answers_200_and_names_the_platform()
    {
        using var client = platform.CreateHttpClient(ResourceNames.Web);
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Viggotech</title>", html, StringComparison.Ordinal);
    }
}
