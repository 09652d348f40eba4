using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// The <c>X-Viggotech-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where the hex is
/// HMAC-SHA256, keyed with the webhook secret (its UTF-8 bytes), over <c>"&lt;t&gt;." + body</c>. The
/// timestamp is signed too, so a receiver can refuse old deliveries replayed at it.
/// </summary>
public static class AuditWebhookSignature
{
    public const string HeaderName = "X-Viggotech-Signature";

    public static string Create(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},v1={Convert.ToHexStringLower(Mac(secret, unixSeconds, body))}");

    /// <summary>What a receiver does: recompute the MAC and compare in constant time; also refuse timestamps outside the tolerance.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? timestamp = null;
        byte[]? mac = null;
        foreach (var part in header.Split(','))
        {
            var (name, value) = part.IndexOf('=') is var i and > 0 ? (part[..i], part[(i + 1)..]) : (part, "");
            if (name == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (name == "v1" && value.Length == 64)
            {
                try
                {
                    mac = Convert.FromHexString(value);
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }
        if (timestamp is not { } seconds || mac is null || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(mac, Mac(secret, seconds, body));
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
