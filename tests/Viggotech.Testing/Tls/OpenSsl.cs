using System.Diagnostics;
using System.Globalization;

namespace Viggotech.Testing.Tls;

/// <summary>
/// The <c>openssl</c> command line under a configuration that permits TLS 1.0 and 1.1. Debian's
/// default configuration refuses them in every process on the machine, which would hide whether
/// a server refuses them itself; a server process started with <see cref="Environment"/> is in
/// the same position, so only its own TLS settings stand in the way.
/// </summary>
public sealed class OpenSsl(string folder)
{
    public const string PermissiveCiphers = "DEFAULT@SECLEVEL=0";

    public string ConfigPath { get; } = WriteConfig(folder);

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["OPENSSL_CONF"] = ConfigPath };

    /// <summary>A TLS handshake with <c>s_client</c> (e.g. <c>-tls1_1</c>); succeeds only if a cipher was agreed.</summary>
    public async Task<Handshake> ConnectAsync(int port, string versionFlag)
    {
        using var client = Start("s_client", "-connect", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", versionFlag, "-cipher", PermissiveCiphers);
        client.StandardInput.Close();
        var stdout = client.StandardOutput.ReadToEndAsync();
        var stderr = client.StandardError.ReadToEndAsync();
        await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var output = await stdout + await stderr;
        return new Handshake(client.ExitCode == 0 && !output.Contains("Cipher is (NONE)", StringComparison.Ordinal), output);
    }

    /// <summary>An <c>s_server</c> that accepts one connection with the given version only.</summary>
    public async Task<Process> ServeAsync(int port, string certificatePath, string keyPath, string versionFlag)
    {
        var server = Start(
            "s_server", "-accept", port.ToString(CultureInfo.InvariantCulture), "-naccept", "1",
            "-cert", certificatePath, "-key", keyPath, versionFlag, "-cipher", PermissiveCiphers);
        while (await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) is { } line)
        {
            if (line.StartsWith("ACCEPT", StringComparison.Ordinal))
            {
                return server;
            }
        }

        throw new InvalidOperationException($"openssl s_server did not start: {await server.StandardError.ReadToEndAsync()}");
    }

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OPENSSL_CONF"] = ConfigPath;
        return Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
    }

    private static string WriteConfig(string folder)
    {
        var path = Path.Combine(folder, "openssl-permissive.cnf");
        File.WriteAllText(path, """
            openssl_conf = default_conf
            [default_conf]
            ssl_conf = ssl_sect
            [ssl_sect]
            system_default = system_default_sect
            [system_default_sect]
            MinProtocol = TLSv1
            CipherString = DEFAULT@SECLEVEL=0
            """);
        return path;
    }

    public sealed record Handshake(bool Succeeded, string Output);
}
