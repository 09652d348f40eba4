using System.Diagnostics;
using StackExchange.Redis;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Sessions;

/// <summary>A Redis server of this test's own, so the test can stop it without touching the platform's.</summary>
internal sealed class LocalRedis : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory = Directory.CreateTempSubdirectory("vt-redis-").FullName;

    private LocalRedis(int port)
    {
        Port = port;
        process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        process.BeginOutputReadLine();
    }

    public int Port { get; }

    /// <summary>Short timeouts, for tests that stop this Redis and want the outage noticed quickly.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000";

    /// <summary>The client's usual timeouts, for tests of the store's behaviour: a first command on a cold, busy machine can take over a second.</summary>
    public string StoreConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public static async Task<LocalRedis> StartAsync()
    {
        var redis = new LocalRedis(FreePorts.Take(1)[0]);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},connectTimeout=200");
                await connection.GetDatabase().PingAsync();
                return redis;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("redis-server did not answer.");
    }

    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
