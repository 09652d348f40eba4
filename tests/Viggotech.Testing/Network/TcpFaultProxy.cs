using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Viggotech.Testing.Network;

/// <summary>
/// A TCP proxy in front of one local server, for network faults that hit one client's path to it
/// and nothing else: while open it forwards every connection both ways; <see cref="Cut"/> resets
/// every live connection and resets each new one as it arrives (the server stays up for everyone
/// who reaches it directly); <see cref="Restore"/> forwards again.
/// The clients' HTTP/1.1 requests carry the proxy's address in their Host header; it is rewritten
/// to the server's, as a reverse proxy does (Azurite accepts a cross-account copy only when the
/// request's Host is the copy source's). Each Host header is one request: <see cref="CutAfterRequests"/>
/// arms a cut that fires in the middle of a client's work, right after the n-th request is forwarded.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, Link> links = new();
    private readonly Task accepting;
    private int nextLink;
    private long requests;
    private long cutAtRequests = long.MaxValue;
    private int refused;
    private volatile bool isCut;

    private TcpFaultProxy(int targetPort)
    {
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>A proxy on a free loopback port, forwarding to <paramref name="targetPort"/> on loopback.</summary>
    public static TcpFaultProxy Start(int targetPort) => new(targetPort);

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public bool IsCut => isCut;

    /// <summary>HTTP requests forwarded to the server so far.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Connections that arrived while cut and were reset: proof that a client tried.</summary>
    public int RefusedConnections => Volatile.Read(ref refused);

    /// <summary>Resets every live connection and every new one until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        isCut = true;
        foreach (var link in links.Values)
        {
            link.Reset();
        }
    }

    /// <summary>Cuts right after <paramref name="count"/> more requests have been forwarded, before their answers come back.</summary>
    public void CutAfterRequests(long count) => Interlocked.Exchange(ref cutAtRequests, Requests + count);

    public void Restore()
    {
        Interlocked.Exchange(ref cutAtRequests, long.MaxValue);
        isCut = false;
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (isCut)
            {
                Interlocked.Increment(ref refused);
                ResetAndClose(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            ResetAndClose(client);
            server.Dispose();
            return;
        }

        var id = Interlocked.Increment(ref nextLink);
        var link = new Link(client, server);
        links[id] = link;
        if (isCut)
        {
            // A cut that landed while this connection was being set up.
            link.Reset();
        }

        try
        {
            var hostHeader = new HostHeaderRewrite(Port, targetPort);
            await Task.WhenAll(PumpAsync(client, server, hostHeader), PumpAsync(server, client, rewrite: null));
        }
        finally
        {
            links.TryRemove(id, out _);
            link.Close();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, HostHeaderRewrite? rewrite)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                if (read == 0 || isCut)
                {
                    break;
                }

                if (rewrite is null)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
                    continue;
                }

                var (forward, headers) = rewrite.Next(buffer.AsSpan(0, read));
                await to.SendAsync(forward, SocketFlags.None, stopping.Token);
                if (headers > 0 && Interlocked.Add(ref requests, headers) >= Interlocked.Read(ref cutAtRequests))
                {
                    Cut();
                }
            }

            // A clean end on one side is passed on as a half-close, as a direct connection would see it.
            if (!isCut)
            {
                if (rewrite?.Held is { Length: > 0 } held)
                {
                    await to.SendAsync(held, SocketFlags.None, stopping.Token);
                }

                to.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    // Linger 0 makes Close send RST: the client sees "connection reset", as when a path drops.
    private static void ResetAndClose(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        foreach (var link in links.Values)
        {
            link.Reset();
        }

        stopping.Dispose();
    }

    private sealed class Link(Socket client, Socket server)
    {
        private int reset;

        public void Reset()
        {
            if (Interlocked.Exchange(ref reset, 1) == 1)
            {
                return;
            }

            ResetAndClose(client);
            ResetAndClose(server);
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref reset, 1) == 1)
            {
                return;
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
