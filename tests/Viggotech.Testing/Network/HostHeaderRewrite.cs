using System.Globalization;
using System.Text;

namespace Viggotech.Testing.Network;

/// <summary>
/// Rewrites <c>Host: 127.0.0.1:{proxy}</c> to <c>Host: 127.0.0.1:{target}</c> in one connection's
/// client-to-server stream and counts the headers rewritten (one per HTTP/1.1 request). A header
/// split across two reads is held back until the rest arrives; a request head ends in a blank
/// line, which never starts a Host header, so a held tail never stalls a request.
/// </summary>
internal sealed class HostHeaderRewrite(int proxyPort, int targetPort)
{
    private readonly byte[] from = Header(proxyPort);
    private readonly byte[] to = Header(targetPort);
    private byte[] held = [];

    public byte[] Held => held;

    public (byte[] Forward, int Headers) Next(ReadOnlySpan<byte> read)
    {
        var data = new byte[held.Length + read.Length];
        held.CopyTo(data, 0);
        read.CopyTo(data.AsSpan(held.Length));

        var output = new List<byte>(data.Length + 8);
        var headers = 0;
        var position = 0;
        while (true)
        {
            var found = data.AsSpan(position).IndexOf(from);
            if (found < 0)
            {
                break;
            }

            output.AddRange(data.AsSpan(position, found));
            output.AddRange(to);
            position += found + from.Length;
            headers++;
        }

        var keep = HeldTail(data.AsSpan(position));
        output.AddRange(data.AsSpan(position, data.Length - position - keep));
        held = data[(data.Length - keep)..];
        return (output.ToArray(), headers);
    }

    // The longest end of the data that could be the start of a header the next read completes.
    private int HeldTail(ReadOnlySpan<byte> rest)
    {
        for (var length = Math.Min(rest.Length, from.Length - 1); length > 0; length--)
        {
            if (rest[^length..].SequenceEqual(from.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    private static byte[] Header(int port) => Encoding.ASCII.GetBytes($"Host: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}\r\n");
}
