using StackExchange.Redis;
using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>The session store answers PING.</summary>
internal sealed class RedisProbe(string? connectionString) : IStatusProbe, IAsyncDisposable
{
    private ConnectionMultiplexer? redis;

    public StatusComponent Component => StatusComponent.SessionStore;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new ProbeFailedException("no session store is configured (ConnectionStrings:redis)");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        redis ??= await ConnectionMultiplexer.ConnectAsync(options);
        if (!redis.IsConnected)
        {
            throw new ProbeFailedException("the session store is not reachable");
        }

        await redis.GetDatabase().PingAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}
