using System.Text.Json.Nodes;
using Viggotech.Infra.Tests.Arm;
using Viggotech.Infra.Tests.Baseline;
using Viggotech.Infra.Tests.Bicep;

namespace Viggotech.Infra.Tests.Apps;

/// <summary>The apps of both regions, read from the compiled template with values carried down from main.bicep.</summary>
[Collection(BicepCollection.Name)]
public sealed class RegionAppsTests(BicepCompilation compilation)
{
    private readonly IReadOnlyList<DeployedResource> apps = ArmDeployment.Flatten(compilation.Template())
        .Where(r => r.Is("Microsoft.App/containerApps") && !r.IsExisting)
        .ToArray();

    [Theory]
    [InlineData(SecurityBaseline.PrimaryLocation)]
    [InlineData(SecurityBaseline.SecondaryLocation)]
    public void Each_region_runs_the_api_web_and_worker(string location)
    {
        var services = apps.Where(a => a.Location == location).Select(a => Setting(a, "OTEL_SERVICE_NAME")).Order();
        Assert.Equal(["api", "web", "worker"], services);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("web")]
    public void Secondary_region_is_warm_but_scaled_down(string service)
    {
        var primary = MinReplicas(App(service, SecurityBaseline.PrimaryLocation));
        var secondary = MinReplicas(App(service, SecurityBaseline.SecondaryLocation));

        Assert.True(secondary >= 1, $"the secondary {service} must keep a replica running");
        Assert.True(secondary < primary, $"the secondary {service} must run fewer replicas than the primary ({secondary} vs {primary})");
    }

    [Fact]
    public void Api_reads_every_service_address_in_the_shape_the_code_expects()
    {
        var api = App("api", SecurityBaseline.PrimaryLocation);

        Assert.Contains("reference('keyVault')", Setting(api, "ConnectionStrings__keyvault"), StringComparison.Ordinal);
        Assert.Contains("reference('storageA')", Setting(api, "ConnectionStrings__storage-a"), StringComparison.Ordinal);
        Assert.Contains("reference('storageB')", Setting(api, "ConnectionStrings__storage-b"), StringComparison.Ordinal);
        Assert.Contains(":10000,ssl=true", Setting(api, "ConnectionStrings__redis"), StringComparison.Ordinal);
        Assert.Contains("reference('identities')", Setting(api, "AZURE_CLIENT_ID"), StringComparison.Ordinal);

        var database = Setting(api, "ConnectionStrings__viggotech");
        Assert.Contains("reference('postgres')", database, StringComparison.Ordinal);
        Assert.Contains("reference('postgresReplica')", database, StringComparison.Ordinal);
        Assert.Contains("Target Session Attributes=read-write", database, StringComparison.Ordinal);
        Assert.Contains("Ssl Mode=VerifyFull", database, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", database, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Web_has_no_database_or_blob_access()
    {
        foreach (var location in new[] { SecurityBaseline.PrimaryLocation, SecurityBaseline.SecondaryLocation })
        {
            var names = Settings(App("web", location)).Select(s => s["name"]!.ToString()).ToArray();
            Assert.DoesNotContain("ConnectionStrings__viggotech", names);
            Assert.DoesNotContain(names, n => n.StartsWith("ConnectionStrings__storage", StringComparison.Ordinal));
            Assert.Contains("services__api__https__0", names);
        }
    }

    [Fact]
    public void Apps_behind_front_door_know_its_id_and_public_urls()
    {
        foreach (var app in apps.Where(a => a.Properties?["configuration"]?["ingress"] is JsonObject))
        {
            Assert.Contains("reference('frontDoor')", Setting(app, "FrontDoor__Id"), StringComparison.Ordinal);
            Assert.Contains("reference('frontDoor')", Setting(app, "PublicUrls__Api"), StringComparison.Ordinal);
        }
    }

    private DeployedResource App(string service, string location) =>
        apps.Single(a => a.Location == location && Setting(a, "OTEL_SERVICE_NAME") == service);

    private static JsonObject[] Settings(DeployedResource app) =>
        app.Properties!["template"]!["containers"]![0]!["env"]!.AsArray().Select(s => s!.AsObject()).ToArray();

    private static string Setting(DeployedResource app, string name) =>
        Settings(app).SingleOrDefault(s => s["name"]!.ToString() == name)?["value"]?.ToString() ?? $"<{name} missing>";

    private static long MinReplicas(DeployedResource app) =>
        app.Properties!["template"]!["scale"]!["minReplicas"]!.GetValue<long>();
}
