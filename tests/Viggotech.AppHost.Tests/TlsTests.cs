using System.Diagnostics;
using System.Net.Sockets;
using Viggotech.Testing.Platform;
using Viggotech.Testing.Tls;

namespace Viggotech.AppHost.Tests;

/// <summary>TLS versions on the wire, seen with <c>openssl s_client</c>, on the platform's HTTPS endpoints.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TlsTests(PlatformFixture platform) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("viggotech-tls-").FullName;

    [Theory]
    [InlineData("ApiHttps", "-tls1_2", "TLSv1.2")]
    [InlineData("ApiHttps", "-tls1_3", "TLSv1.3")]
    [InlineData("WebHttps", "-tls1_2", "TLSv1.2")]
    [InlineData("WebHttps", "-tls1_3", "TLSv1.3")]
    public async Task Tls12_and_tls13_handshakes_succeed_on_the_platforms_https_endpoints(string port, string versionFlag, string protocol)
    {
        var handshake = await new OpenSsl(folder).ConnectAsync(platform.Ports[port], versionFlag);

        Assert.True(handshake.Succeeded, handshake.Output);
        Assert.Contains($"New, {protocol}", handshake.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ApiHttps", "-tls1")]
    [InlineData("ApiHttps", "-tls1_1")]
    [InlineData("WebHttps", "-tls1")]
    [InlineData("WebHttps", "-tls1_1")]
    public async Task Tls10_and_tls11_handshakes_fail_on_the_platforms_https_endpoints(string port, string versionFlag)
    {
        var handshake = await new OpenSsl(folder).ConnectAsync(platform.Ports[port], versionFlag);

        Assert.False(handshake.Succeeded, handshake.Output);
    }

    /// <summary>
    /// The platform's processes run under the machine's OpenSSL defaults, which on Debian refuse
    /// TLS 1.0 and 1.1 already. Here the Api runs under a configuration that allows them, beside a
    /// control server that does speak TLS 1.1 with the same certificate: the Api still refuses,
    /// so the refusal is the Api's own.
    /// </summary>
    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task The_api_refuses_old_tls_itself_even_where_openssl_would_allow_it(string versionFlag)
    {
        var openSsl = new OpenSsl(folder);
        var pki = Path.Combine(platform.DataPath, "pki");
        var (certificate, key) = (Path.Combine(pki, "server.crt"), Path.Combine(pki, "server.key"));

        var controlPort = FreePorts.Take(1)[0];
        using (var control = await openSsl.ServeAsync(controlPort, certificate, key, versionFlag))
        {
            var allowed = await openSsl.ConnectAsync(controlPort, versionFlag);
            Assert.True(allowed.Succeeded, "openssl cannot speak this version here, so this test proves nothing:\n" + allowed.Output);
            if (!control.HasExited)
            {
                control.Kill();
            }
        }

        var apiPort = FreePorts.Take(1)[0];
        using var api = await StartApiAsync(apiPort, certificate, key, openSsl);
        try
        {
            Assert.True((await openSsl.ConnectAsync(apiPort, "-tls1_2")).Succeeded);
            var refused = await openSsl.ConnectAsync(apiPort, versionFlag);
            Assert.False(refused.Succeeded, refused.Output);
            Assert.Contains("alert protocol version", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<Process> StartApiAsync(int port, string certificate, string key, OpenSsl openSsl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiAssembly());
        start.Environment["ASPNETCORE_URLS"] = $"https://127.0.0.1:{port}";
        start.Environment["Kestrel__Certificates__Default__Path"] = certificate;
        start.Environment["Kestrel__Certificates__Default__KeyPath"] = key;
        start.Environment["ConnectionStrings__viggotech"] = await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.Database);
        start.Environment["ConnectionStrings__redis"] = await platform.ConnectionStringAsync(ResourceNames.Redis);
        start.Environment[$"ConnectionStrings__{ResourceNames.ConnectionStrings.StorageRegionA}"] = await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.StorageRegionA);
        start.Environment[$"ConnectionStrings__{ResourceNames.ConnectionStrings.StorageRegionB}"] = await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.StorageRegionB);
        // Its data-protection keys (shared with the platform's Api through Redis) are sealed under a Key Vault key.
        start.Environment[$"ConnectionStrings__{ResourceNames.KeyVault}"] = platform.Endpoint(ResourceNames.KeyVault, "https").ToString();
        start.Environment["KeyVault__Emulator"] = "true";
        start.Environment["SSL_CERT_FILE"] = Path.Combine(platform.DataPath, "pki", "trust-bundle.pem");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in openSsl.Environment)
        {
            start.Environment[name] = value;
        }

        var api = Process.Start(start) ?? throw new InvalidOperationException("The Api did not start.");
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, _) => { };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return api;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !api.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    private static string ApiAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Viggotech.Api", "bin", configuration, "net10.0", "Viggotech.Api.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Viggotech.Api.dll is not built.");
    }
}
