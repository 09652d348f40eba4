using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>
/// The network path to one region's storage endpoint: a TCP relay on its own loopback port in
/// front of Azurite. Cutting it makes that region unreachable (connection refused, open
/// connections reset) while the other region, served by the same Azurite on its own port, stays
/// up; restoring it listens on the same port again. Azurite holds both regional accounts in one
/// process because its server-side copy works only within a process, so stopping the process
/// would take region A down as well.
/// </summary>
internal sealed class RegionLink : IAsyncDisposable
{
    private readonly int target;
    private readonly ConcurrentDictionary<TcpClient, byte> open = new();
    private TcpListener? listener;
    private Task accepting = Task.CompletedTask;

    private RegionLink(int target, int port)
    {
        this.target = target;
        Port = port;
    }

    public int Port { get; }

    public static RegionLink Open(int target)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var link = new RegionLink(target, port);
        link.Restore();
        return link;
    }

    /// <summary>The region's connection string with its endpoint moved onto this link.</summary>
    public string Through(string connectionString, string account) =>
        connectionString.Replace($"BlobEndpoint=http://127.0.0.1:{target}/{account};", $"BlobEndpoint=http://127.0.0.1:{Port}/{account};", StringComparison.Ordinal);

    public void Restore()
    {
        var started = new TcpListener(IPAddress.Loopback, Port);
        started.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        started.Start();
        listener = started;
        accepting = AcceptAsync(started);
    }

    /// <summary>Stops listening and resets every connection in flight.</summary>
    public async Task CutAsync()
    {
        listener?.Stop();
        listener = null;
        foreach (var client in open.Keys)
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }

        open.Clear();
        await accepting;
    }

    private async Task AcceptAsync(TcpListener from)
    {
        while (true)
        {
            TcpClient incoming;
            try
            {
                incoming = await from.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = RelayAsync(incoming);
        }
    }

    private async Task RelayAsync(TcpClient incoming)
    {
        using var outgoing = new TcpClient();
        open[incoming] = 0;
        open[outgoing] = 0;
        try
        {
            await outgoing.ConnectAsync(IPAddress.Loopback, target);
            var a = incoming.GetStream();
            var b = outgoing.GetStream();
            await Task.WhenAny(PumpAsync(a, b), PumpAsync(b, a));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            open.TryRemove(incoming, out _);
            open.TryRemove(outgoing, out _);
            incoming.Dispose();
        }
    }

    private static async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await CutAsync();
}
