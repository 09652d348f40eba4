namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// The event members of format version 1 in canonical order, and what each may hold, so the
/// streaming verifier enforces exactly what the typed reader enforces.
/// </summary>
internal static class EventSchema
{
    public enum Expect
    {
        String,
        StringOrNull,
        Integer,
        Object,
        ObjectOrNull,
    }

    /// <summary>The rule for an object's members.</summary>
    public enum Members
    {
        Event,
        Actor,
        Target,
        Details,

        // Anything at all: the schema has no such object, but scanning continues to judge the form.
        Free,
    }

    public static readonly (byte[] Name, Expect Expect, Members Nested)[] EventMembers =
    [
        ("action"u8.ToArray(), Expect.String, Members.Free),
        ("actor"u8.ToArray(), Expect.Object, Members.Actor),
        ("details"u8.ToArray(), Expect.Object, Members.Details),
        ("ip"u8.ToArray(), Expect.StringOrNull, Members.Free),
        ("prev"u8.ToArray(), Expect.String, Members.Free),
        ("result"u8.ToArray(), Expect.String, Members.Free),
        ("seq"u8.ToArray(), Expect.Integer, Members.Free),
        ("session"u8.ToArray(), Expect.StringOrNull, Members.Free),
        ("target"u8.ToArray(), Expect.ObjectOrNull, Members.Target),
        ("tenant"u8.ToArray(), Expect.String, Members.Free),
        ("time"u8.ToArray(), Expect.String, Members.Free),
        ("trace"u8.ToArray(), Expect.StringOrNull, Members.Free),
        ("userAgent"u8.ToArray(), Expect.StringOrNull, Members.Free),
        ("v"u8.ToArray(), Expect.Integer, Members.Free),
    ];

    public const int Action = 0, Actor = 1, Details = 2, Ip = 3, Previous = 4, Result = 5, Sequence = 6,
        Session = 7, Target = 8, Tenant = 9, Time = 10, Trace = 11, UserAgent = 12, VersionMember = 13;

    public static bool IsActorType(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("user"u8) || text.SequenceEqual("app"u8) || text.SequenceEqual("operator"u8) || text.SequenceEqual("system"u8);

    public static bool IsResult(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("success"u8) || text.SequenceEqual("failure"u8) || text.SequenceEqual("denied"u8);

    /// <summary>yyyy-MM-ddTHH:mm:ss.ffffffZ, a real date and time.</summary>
    public static bool IsTime(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> shape = "0000-00-00T00:00:00.000000Z"u8;
        if (text.Length != shape.Length)
        {
            return false;
        }
        for (var i = 0; i < shape.Length; i++)
        {
            var digitExpected = shape[i] == '0';
            var isDigit = text[i] is >= (byte)'0' and <= (byte)'9';
            if (digitExpected ? !isDigit : text[i] != shape[i])
            {
                return false;
            }
        }
        var (year, month, day) = (Number(text[..4]), Number(text.Slice(5, 2)), Number(text.Slice(8, 2)));
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && Number(text.Slice(11, 2)) < 24 && Number(text.Slice(14, 2)) < 60 && Number(text.Slice(17, 2)) < 60;
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = value * 10 + digit - '0';
        }
        return value;
    }
}
