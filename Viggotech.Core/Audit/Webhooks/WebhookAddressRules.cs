using System.Net;
using System.Net.Sockets;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// Where a tenant's webhook may point. The platform makes these requests from inside its own
/// network, so unless <see cref="AuditWebhookOptions.AllowPrivateNetworks"/> is on (run mode and
/// tests), only public addresses over https are reached. The address is checked when the
/// connection is made, after DNS, so a name that resolves to an internal address is refused too.
/// </summary>
public static class WebhookAddressRules
{
    public const int MaxUrlLength = 2000;

    /// <returns>The problem with the URL, or null if it may be used.</returns>
    public static string? CheckUrl(string? url, bool allowPrivateNetworks)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "Enter the full address of your receiver, like https://siem.example.com/viggotech.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "The address must start with https://.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Leave credentials out of the address; the signature header authenticates each delivery.";
        }
        if (!allowPrivateNetworks && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var literal) && !IsPublic(literal))))
        {
            return "The address must be reachable on the public internet.";
        }
        return null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (bytes[0] & 0xFE) == 0xFC); // unique local fc00::/7
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10
            || b[0] == 0
            || (b[0] == 100 && (b[1] & 0xC0) == 64)      // carrier-grade NAT 100.64.0.0/10
            || (b[0] == 169 && b[1] == 254)              // link-local, cloud metadata
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)   // IETF protocol assignments
            || (b[0] == 198 && (b[1] & 0xFE) == 18)      // benchmarking
            || b[0] >= 224);                             // multicast and reserved
    }
}
