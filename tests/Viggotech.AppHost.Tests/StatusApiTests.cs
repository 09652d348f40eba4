using System.Net;
using System.Text.Json;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class StatusApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task Status_endpoint_answers_anonymously_with_every_component_and_the_target()
    {
        using var client = platform.CreateHttpClient(ResourceNames.Api);

        using var response = await client.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(99.9, body.RootElement.GetProperty("targetPercent").GetDouble());
        var components = body.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(8, components.Count);
        Assert.All(components, c => Assert.Contains(c.GetProperty("state").GetString(), new[] { "operational", "down", "unknown" }));
        // Probe details can name internal hosts: the public endpoint never carries them.
        Assert.DoesNotContain("detail", body.RootElement.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Platform_components_are_reported_operational_once_probed()
    {
        using var client = platform.CreateHttpClient(ResourceNames.Api);
        // Probes run at the Worker's start and then every 30 s; the first round may predate a healthy Api.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var body = JsonDocument.Parse(await client.GetStringAsync("/status"));
            last = body.RootElement.GetRawText();
            if (body.RootElement.GetProperty("overall").GetString() == "operational")
            {
                return;
            }

            await Task.Delay(2000);
        }

        Assert.Fail("the platform was not reported operational within 90 s: " + last);
    }
}
