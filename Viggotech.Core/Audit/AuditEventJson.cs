using System.Buffers;
using System.Text.Json;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Recording;

namespace Viggotech.Core.Audit;

/// <summary>
/// The canonical (RFC 8785) JSON of a chained event, the bytes its hash is taken over. Members are
/// written in UTF-16 order; every member is always present, absent values as null.
/// </summary>
public static class AuditEventJson
{
    public const int Version = 1;

    public static byte[] ToCanonicalJson(long sequence, AuditHash previous, AuditEvent auditEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(new CanonicalJsonWriter(buffer), sequence, previous, auditEvent);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(CanonicalJsonWriter json, long sequence, AuditHash previous, AuditEvent e) =>
        Write(json, sequence, previous, e, marks: null);

    /// <summary>
    /// The canonical JSON of an event before it has a place in the chain, split around the two
    /// values only known then: the previous hash and the sequence number. The full canonical JSON
    /// is <c>Prefix + hex(previous) + Middle + decimal(sequence) + Suffix</c>; the database joins
    /// them while it holds the chain head, so an append takes one round trip.
    /// </summary>
    public static AuditEventTemplate ToTemplate(AuditEvent auditEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var marks = new Marks(() => buffer.WrittenCount);
        Write(new CanonicalJsonWriter(buffer), 0, AuditHash.Zero, auditEvent, marks);
        var json = buffer.WrittenSpan;
        return new AuditEventTemplate(
            json[..marks.PreviousAt].ToArray(),
            json[(marks.PreviousAt + AuditHash.HexLength)..marks.SequenceAt].ToArray(),
            json[(marks.SequenceAt + 1)..].ToArray());
    }

    private sealed class Marks(Func<int> position)
    {
        public int PreviousAt { get; private set; }

        public int SequenceAt { get; private set; }

        // After the member name: the previous hash starts after its opening quote.
        public void Previous() => PreviousAt = position() + 1;

        public void Sequence() => SequenceAt = position();
    }

    private static void Write(CanonicalJsonWriter json, long sequence, AuditHash previous, AuditEvent e, Marks? marks)
    {
        Span<byte> hex = stackalloc byte[AuditHash.HexLength];
        previous.WriteHex(hex);

        json.StartObject();
        json.Name("action"u8);
        json.String(e.Action);
        json.Name("actor"u8);
        json.StartObject();
        json.Name("id"u8);
        json.String(e.Actor.Id);
        json.Name("type"u8);
        json.String(AuditEventColumns.ActorType(e.Actor.Type));
        json.EndObject();
        json.Name("details"u8);
        WriteDetails(json, e.Details);
        json.Name("ip"u8);
        json.String(e.Ip);
        json.Name("prev"u8);
        marks?.Previous();
        json.String(hex);
        json.Name("result"u8);
        json.String(AuditEventColumns.Result(e.Result));
        json.Name("seq"u8);
        marks?.Sequence();
        json.Integer(sequence);
        json.Name("session"u8);
        json.String(e.Session);
        json.Name("target"u8);
        if (e.Target is null)
        {
            json.Null();
        }
        else
        {
            json.StartObject();
            json.Name("id"u8);
            json.String(e.Target.Id);
            json.Name("type"u8);
            json.String(e.Target.Type);
            json.EndObject();
        }
        json.Name("tenant"u8);
        json.String(e.Tenant);
        json.Name("time"u8);
        json.String(AuditTime.ToText(e.Time));
        json.Name("trace"u8);
        json.String(e.Trace);
        json.Name("userAgent"u8);
        json.String(e.UserAgent);
        json.Name("v"u8);
        json.Integer(Version);
        json.EndObject();
    }

    /// <summary>Reads an event object; its hash is not checked here (the verifier does that).</summary>
    public static ChainedAuditEvent Read(JsonElement element, AuditHash recordedHash)
    {
        var o = new StrictJsonObject(element, "event");
        o.ExpectVersion(Version);
        var actor = o.Object("actor");
        var target = o.NullableObject("target");
        var auditEvent = new AuditEvent(
            Tenant: o.String("tenant"),
            Time: o.Time("time"),
            Actor: new AuditActor(ParseActorType(actor.String("type")), actor.String("id")),
            Action: o.String("action"),
            Target: target is null ? null : new AuditTarget(target.String("type"), target.String("id")),
            Result: ParseResult(o.String("result")),
            Ip: o.NullableString("ip"),
            UserAgent: o.NullableString("userAgent"),
            Session: o.NullableString("session"),
            Trace: o.NullableString("trace"),
            Details: ReadDetails(o.Object("details")));
        var chained = new ChainedAuditEvent(o.Integer("seq"), o.Hash("prev"), auditEvent, recordedHash);
        actor.RejectOthers();
        target?.RejectOthers();
        o.RejectOthers();
        return chained;
    }

    private static void WriteDetails(CanonicalJsonWriter json, IReadOnlyDictionary<string, string>? details)
    {
        json.StartObject();
        if (details is { Count: > 0 })
        {
            // Ordinal string order is UTF-16 code unit order, as RFC 8785 requires.
            foreach (var (name, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                json.Name(name);
                json.String(value);
            }
        }
        json.EndObject();
    }

    private static Dictionary<string, string> ReadDetails(StrictJsonObject details)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, _) in details.Members)
        {
            values[name] = details.String(name);
        }
        return values;
    }

    private static AuditActorType ParseActorType(string name) => name switch
    {
        "user" => AuditActorType.User,
        "app" => AuditActorType.App,
        "operator" => AuditActorType.Operator,
        "system" => AuditActorType.System,
        _ => throw new AuditFormatException($"Unknown actor type \"{name}\"."),
    };

    private static AuditResult ParseResult(string name) => name switch
    {
        "success" => AuditResult.Success,
        "failure" => AuditResult.Failure,
        "denied" => AuditResult.Denied,
        _ => throw new AuditFormatException($"Unknown result \"{name}\"."),
    };
}
