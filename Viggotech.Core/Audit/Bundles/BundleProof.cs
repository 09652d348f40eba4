using System.Buffers.Text;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>Decodes the "hash" and "sig" values beside bundle records.</summary>
internal static class BundleProof
{
    public static AuditHash Hash(ReadOnlySpan<byte> hex) =>
        AuditHash.TryParse(hex, out var hash) ? hash : throw new AuditFormatException("An event's hash must be 64 lowercase hex digits.");

    /// <summary>Undecodable text yields no bytes, which then fails verification as a bad signature.</summary>
    public static byte[] Signature(ReadOnlySpan<byte> base64Url)
    {
        try
        {
            return Base64Url.DecodeFromUtf8(base64Url);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
