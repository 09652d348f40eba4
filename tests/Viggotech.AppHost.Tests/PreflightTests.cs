using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Viggotech.AppHost.Local;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

public sealed class PreflightTests
{
    [Fact]
    public void Port_in_use_is_named_with_the_setting_that_moves_it()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var busy = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var settings = Settings(("Local:Ports:Redis", busy.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var problem = Assert.Throws<PreflightException>(() => Preflight.Check(settings));

        var line = Assert.Single(problem.Problems);
        Assert.Contains($"Port {busy} (redis) is already in use", line, StringComparison.Ordinal);
        Assert.Contains($"--Local:Ports:Redis=<port>", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_azurite_is_named_with_its_fix()
    {
        var emptyRepository = Directory.CreateTempSubdirectory("viggotech-repo-").FullName;
        File.WriteAllText(Path.Combine(emptyRepository, "Viggotech.sln"), "");
        try
        {
            var settings = LocalSettings.From(Configuration(FreeSettings()), emptyRepository);

            var problem = Assert.Throws<PreflightException>(() => Preflight.Check(settings));

            var line = Assert.Single(problem.Problems);
            Assert.Contains("Azurite is missing", line, StringComparison.Ordinal);
            Assert.Contains("./run.sh installs it", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyRepository, recursive: true);
        }
    }

    [Fact]
    public void A_machine_with_everything_installed_and_free_ports_passes()
    {
        var postgresBin = Preflight.Check(Settings());
        Assert.True(File.Exists(Path.Combine(postgresBin, "postgres")));
    }

    private static LocalSettings Settings(params (string Key, string Value)[] overrides) =>
        LocalSettings.From(Configuration([.. FreeSettings(), .. overrides]), AppContext.BaseDirectory);

    private static (string Key, string Value)[] FreeSettings()
    {
        var keys = new LocalPorts().All().Select(port => port.Key).ToArray();
        return keys.Zip(FreePorts.Take(keys.Length))
            .Select(pair => ($"Local:Ports:{pair.First}", pair.Second.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }

    private static IConfiguration Configuration(IEnumerable<(string Key, string Value)> values)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
    }
}
