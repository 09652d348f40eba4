namespace Viggotech.Core.Audit;

/// <summary>An event's canonical JSON around its previous hash and sequence number (see <see cref="AuditEventJson.ToTemplate"/>).</summary>
public sealed record AuditEventTemplate(byte[] Prefix, byte[] Middle, byte[] Suffix)
{
    public byte[] Complete(long sequence, AuditHash previous) =>
        [.. Prefix, .. System.Text.Encoding.ASCII.GetBytes(previous.ToString()), .. Middle,
            .. System.Text.Encoding.ASCII.GetBytes(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. Suffix];
}
