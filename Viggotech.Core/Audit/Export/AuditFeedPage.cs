using System.Text.Json;

namespace Viggotech.Core.Audit.Export;

/// <summary>
/// One page of the pull feed. <see cref="Next"/> is the cursor for the next request;
/// <see cref="PrunedThrough"/> says which events retention removed (a cursor below it resumes at
/// the first kept event); <see cref="SealedThrough"/> how far signed seals cover the chain.
/// </summary>
public sealed record AuditFeedPage(IReadOnlyList<AuditFeedEvent> Events, long Next, long PrunedThrough, long SealedThrough)
{
    public const string ContentType = "application/json";

    /// <summary>
    /// <c>{"events":[{"seq":…,"hash":…,"event":{…}}],"next":…,"prunedThrough":…,"sealedThrough":…}</c>;
    /// each event is its stored canonical JSON, unchanged, so its hash can be checked by the reader.
    /// </summary>
    public async Task WriteJsonAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartArray("events"u8);
        foreach (var e in Events)
        {
            json.WriteStartObject();
            json.WriteNumber("seq"u8, e.Seq);
            json.WriteString("hash"u8, Convert.ToHexStringLower(e.Hash));
            json.WritePropertyName("event"u8);
            json.WriteRawValue(e.Canonical);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        json.WriteNumber("next"u8, Next);
        json.WriteNumber("prunedThrough"u8, PrunedThrough);
        json.WriteNumber("sealedThrough"u8, SealedThrough);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}

/// <summary>An event as the feed returns it: place, recorded hash, canonical JSON.</summary>
public sealed record AuditFeedEvent(long Seq, byte[] Hash, byte[] Canonical);
