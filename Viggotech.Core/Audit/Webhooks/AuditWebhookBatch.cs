using System.Buffers;
using System.Text.Json;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// One delivery: <c>{"tenant":…,"webhook":…,"events":[{"event":{…},"hash":…},…]}</c>, events in
/// sequence order, each exactly as stored and exported, so the receiver can check the chain.
/// </summary>
internal sealed record AuditWebhookBatch(long FirstSeq, long LastSeq, byte[] Body)
{
    public static AuditWebhookBatch Create(Guid tenantId, Guid webhookId, IReadOnlyList<(long Seq, byte[] Hash, byte[] Canonical)> events)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Sum(e => e.Canonical.Length + 100) + 128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("tenant"u8, tenantId.ToString());
            json.WriteString("webhook"u8, webhookId.ToString());
            json.WriteStartArray("events"u8);
            foreach (var (_, hash, canonical) in events)
            {
                json.WriteStartObject();
                json.WritePropertyName("event"u8);
                json.WriteRawValue(canonical);
                json.WriteString("hash"u8, Convert.ToHexStringLower(hash));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return new AuditWebhookBatch(events[0].Seq, events[^1].Seq, buffer.WrittenSpan.ToArray());
    }
}
