using System.Net;
using System.Net.Sockets;

namespace Viggotech.Core.IpRestrictions;

/// <summary>Reads the ranges admins type: CIDR (<c>203.0.113.0/24</c>, <c>2001:db8::/48</c>) or a single address.</summary>
public static class CidrNotation
{
    /// <summary>The range in canonical form, or an explanation of why the text is not one.</summary>
    public static (IPNetwork? Network, string? Error) Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length is 0 or > 64)
        {
            return (null, "Enter an IPv4 or IPv6 range such as 203.0.113.0/24 or 2001:db8::/48.");
        }

        var slash = value.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? value : value[..slash], out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            return (null, $"'{value}' is not an IPv4 or IPv6 address or range.");
        }

        // ::ffff:a.b.c.d/n is the IPv4 range a.b.c.d/(n-96): clients are compared as IPv4 too.
        var mapped = address.IsIPv4MappedToIPv6;
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(value[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix)
                           || prefix > maxPrefix || (mapped && prefix < 96)))
        {
            return (null, $"The prefix length after '/' must be {(mapped ? 96 : 0)} to {maxPrefix}.");
        }

        address = Normalize(address);
        prefix = mapped ? prefix - 96 : prefix;

        // A range whose address has host bits set is almost always a typo for the network it lies in; say which one.
        var network = new IPNetwork(Mask(address, prefix), prefix);
        if (!network.BaseAddress.Equals(address))
        {
            return (null, $"'{value}' has bits set after the prefix; did you mean {network}?");
        }

        return (network, null);
    }

    /// <summary>IPv4 addresses that arrive as IPv4-mapped IPv6 (dual-stack sockets) are compared as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
