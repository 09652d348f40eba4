namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>Configurations the emulator refuses to start with.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kv-emulator-startup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("--urls", "https://127.0.0.1:0;http://127.0.0.1:0")]
    [InlineData("--Kestrel:Endpoints:Plain:Url", "http://127.0.0.1:0")]
    [InlineData("--http_ports", "8080")]
    public void Plain_http_endpoint_stops_the_start(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            EmulatorHost.Create([key, value, $"--KeyVault:DataPath={folder}"]));

        Assert.Contains("HTTPS only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(91)]
    public void Retention_outside_key_vaults_range_stops_the_start(int days)
    {
        Assert.Throws<InvalidOperationException>(() =>
            EmulatorHost.Create(["--urls", "https://127.0.0.1:0", $"--KeyVault:DataPath={folder}", $"--KeyVault:RetentionDays={days}"]));
    }
}
