using System.Text;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Cli.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly AuditEvent SignIn = new(
        Tenant: "tenant-7f3a",
        Time: new DateTimeOffset(2026, 3, 1, 9, 0, 1, TimeSpan.Zero).AddTicks(1234567),
        Actor: new AuditActor(AuditActorType.User, "user-1"),
        Action: "user.signin",
        Target: null,
        Result: AuditResult.Success,
        Ip: "203.0.113.1",
        Session: "sess-0",
        Details: new Dictionary<string, string> { ["method"] = "totp" });

    private static readonly AuditEvent OperatorRead = new(
        Tenant: "tenant-7f3a",
        Time: new DateTimeOffset(2026, 3, 1, 9, 0, 2, TimeSpan.Zero),
        Actor: new AuditActor(AuditActorType.Operator, "op-17"),
        Action: "document.read",
        Target: new AuditTarget("document", "doc-9"),
        Result: AuditResult.Denied,
        UserAgent: "curl/8.5.0");

    // The same example is printed in docs/audit-format.md for customers writing their own verifier.
    [Fact]
    public void First_event_has_the_documented_canonical_form_and_hash()
    {
        var first = AuditChain.Append(AuditChainHead.Genesis, SignIn);

        Assert.Equal(
            """{"action":"user.signin","actor":{"id":"user-1","type":"user"},"details":{"method":"totp"},"ip":"203.0.113.1","prev":"0000000000000000000000000000000000000000000000000000000000000000","result":"success","seq":1,"session":"sess-0","target":null,"tenant":"tenant-7f3a","time":"2026-03-01T09:00:01.123456Z","trace":null,"userAgent":null,"v":1}""",
            Encoding.UTF8.GetString(AuditEventJson.ToCanonicalJson(first.Sequence, first.Previous, first.Event)));
        Assert.Equal("8d4a88d58abc673b45cf4bb33b2536a85b6df67290abca84db390b0732549adf", first.Hash.ToString());
    }

    [Fact]
    public void Next_event_links_to_the_previous_hash()
    {
        var first = AuditChain.Append(AuditChainHead.Genesis, SignIn);
        var second = AuditChain.Append(first.Head, OperatorRead);

        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.Previous);
        Assert.Equal("5068b415375fd36bc34361eb40cda1f1bfb49febfb311210ab371238e55dd2c5", second.Hash.ToString());
    }

    [Fact]
    public void Event_time_is_kept_to_the_microsecond_so_a_database_round_trip_hashes_the_same()
    {
        var link = AuditChain.Append(AuditChainHead.Genesis, SignIn);
        Assert.Equal(0, link.Event.Time.UtcTicks % 10);
        var reloaded = link with { Event = link.Event with { Time = link.Event.Time.ToOffset(TimeSpan.FromHours(2)) } };
        Assert.True(AuditChain.IsIntact(reloaded));
    }

    [Fact]
    public void Changing_any_field_changes_the_hash()
    {
        var link = AuditChain.Append(AuditChainHead.Genesis, SignIn);
        Assert.False(AuditChain.IsIntact(link with { Event = link.Event with { Result = AuditResult.Failure } }));
        Assert.False(AuditChain.IsIntact(link with { Event = link.Event with { Details = new Dictionary<string, string> { ["method"] = "sms" } } }));
        Assert.False(AuditChain.IsIntact(link with { Sequence = 2 }));
        Assert.False(AuditChain.IsIntact(link with { Previous = link.Hash }));
    }

    [Fact]
    public void Event_json_is_its_own_canonical_form()
    {
        var withEverything = OperatorRead with
        {
            UserAgent = "Mozilla/5.0 \"quoted\" \u0001 Zoë 😀",
            Details = new Dictionary<string, string> { ["z"] = "1", ["\ufb33"] = "x", ["😀"] = "y", ["A"] = "line\nbreak" },
        };
        var json = AuditEventJson.ToCanonicalJson(5, AuditHash.Zero, withEverything);
        Assert.Equal(json, JsonCanonicalizer.Canonicalize(json));
    }

    [Fact]
    public void Lone_surrogates_cannot_enter_an_event()
    {
        var broken = SignIn with { Action = "bad\ud800" };
        Assert.ThrowsAny<ArgumentException>(() => AuditChain.Append(AuditChainHead.Genesis, broken));
    }
}
