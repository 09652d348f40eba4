using Viggotech.Core.Audit;

namespace Viggotech.Core.Tests.Audit;

public sealed class AuditEventTemplateTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(9_007_199_254_740_991L)]
    public void A_template_completed_with_a_place_is_the_canonical_json_of_the_event_there(long sequence)
    {
        // Details that look like the members the template splits at must not confuse it.
        var e = new AuditEvent("tenant-7f3a", DateTimeOffset.Parse("2026-03-01T09:00:01.1234567Z", System.Globalization.CultureInfo.InvariantCulture),
            new AuditActor(AuditActorType.User, "\"prev\":\"x"), "user.signin", new AuditTarget("seq", "\"seq\":1"), AuditResult.Denied,
            "203.0.113.1", "curl/8 \u20ac \ud83d\ude00", "s", "t",
            new Dictionary<string, string> { ["prev"] = new string('0', 64), ["seq"] = "7", ["\u00e9"] = "\n" });
        var previous = AuditHash.Of("previous event"u8);

        var template = AuditEventJson.ToTemplate(e);

        Assert.Equal(AuditEventJson.ToCanonicalJson(sequence, previous, e with { Time = AuditTime.Truncate(e.Time) }), template.Complete(sequence, previous));
    }
}
