using System.Text.Json.Nodes;

namespace Viggotech.Infra.Tests.Baseline;

public sealed partial class SecurityBaseline
{
    /// <summary>Both regions are deployment parameters, and every resource sits in one of them (or is global).</summary>
    public IEnumerable<string> Regions()
    {
        foreach (var name in new[] { "primaryLocation", "secondaryLocation" })
        {
            var parameter = template["parameters"]?[name];
            if (parameter is null || Text(parameter["type"]) != "string")
            {
                yield return $"parameters: {name} must be a string parameter";
            }
            else if (parameter["defaultValue"] is not null)
            {
                yield return $"parameters: {name} has a default ({Show(parameter["defaultValue"])}); the region must be chosen at deployment";
            }
        }

        foreach (var resource in Resources.Where(r => r.Location is not null))
        {
            if (resource.Location is not (PrimaryLocation or SecondaryLocation or "global"))
            {
                yield return $"{resource}: location {resource.Location} is neither region parameter";
            }
        }

        var groups = Of("Microsoft.Resources/resourceGroups");
        if (!groups.Any(g => g.Location == PrimaryLocation) || !groups.Any(g => g.Location == SecondaryLocation))
        {
            yield return "resource groups: there must be one in each region";
        }
    }

    /// <summary>Front Door probes /health over HTTPS and fails over from a priority 1 origin to a priority 2 origin.</summary>
    public IEnumerable<string> FrontDoor()
    {
        var groups = Of("Microsoft.Cdn/profiles/originGroups");
        if (groups.Count < 2)
        {
            yield return $"front door: expected origin groups for the portal and the Api, found {groups.Count}";
        }

        var origins = Of("Microsoft.Cdn/profiles/originGroups/origins");
        foreach (var group in groups)
        {
            var probe = group.Properties?["healthProbeSettings"];
            if (Text(probe?["probePath"]) != "/health" || Text(probe?["probeProtocol"]) != "Https")
            {
                yield return $"{group}: health probe is {Show(probe)}, not HTTPS on /health";
            }

            var members = origins.Where(o => o.Module == group.Module && ParentName(o) == ChildName(group)).ToArray();
            var priorities = members.Select(o => Number(o.Properties?["priority"])).Order().ToArray();
            var hosts = members.Select(o => Text(o.Properties?["hostName"])).Distinct().Count();
            if (!priorities.SequenceEqual([1L, 2L]) || hosts != 2)
            {
                yield return $"{group}: needs one origin per region, priorities 1 and 2 (found {string.Join(",", priorities)})";
            }
        }

        foreach (var route in Of("Microsoft.Cdn/profiles/afdEndpoints/routes"))
        {
            if (Text(route.Properties?["forwardingProtocol"]) != "HttpsOnly" || Text(route.Properties?["httpsRedirect"]) != "Enabled")
            {
                yield return $"{route}: must forward over HTTPS only and redirect HTTP to HTTPS";
            }
        }
    }

    /// <summary>The Worker runs its schedules in the primary region only.</summary>
    public IEnumerable<string> WorkerSchedules()
    {
        var workers = ContainerApps()
            .Select(app => (app, value: Settings(app).FirstOrDefault(s => s.Name == "Worker__SchedulesEnabled").Setting))
            .Where(w => w.value is not null)
            .ToArray();
        if (workers.Length != 2)
        {
            yield return $"worker: expected a Worker in each region, found {workers.Length}";
        }

        foreach (var (app, setting) in workers)
        {
            var expected = app.Location == PrimaryLocation ? "true" : "false";
            if (Text(setting?["value"]) != expected)
            {
                yield return $"{app}: Worker__SchedulesEnabled is {Show(setting?["value"])}, expected {expected} in {app.Location}";
            }
        }
    }

    /// <summary>Logs go to Log Analytics and traces to the managed OpenTelemetry agent, in each region.</summary>
    public IEnumerable<string> Telemetry()
    {
        var environments = Of("Microsoft.App/managedEnvironments");
        if (!environments.Any(e => e.Location == PrimaryLocation) || !environments.Any(e => e.Location == SecondaryLocation))
        {
            yield return "container apps: there must be an environment in each region";
        }

        foreach (var environment in environments)
        {
            var p = environment.Properties;
            if (Text(p?["appLogsConfiguration"]?["destination"]) is null)
            {
                yield return $"{environment}: app logs go nowhere";
            }

            if ((p?["openTelemetryConfiguration"]?["tracesConfiguration"]?["destinations"] as JsonArray)?.Count is not > 0)
            {
                yield return $"{environment}: the OpenTelemetry agent exports no traces";
            }
        }

        var workspaces = Of("Microsoft.OperationalInsights/workspaces");
        if (!workspaces.Any(w => w.Location == PrimaryLocation) || !workspaces.Any(w => w.Location == SecondaryLocation))
        {
            yield return "log analytics: there must be a workspace in each region";
        }
    }
}
