using System.Text;
using System.Text.Json.Nodes;
using Viggotech.Cli.Tests.Support;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Tests.Audit;

/// <summary>
/// The streaming verifier reads canonical events with a hand-written fast scanner; the typed path
/// goes through System.Text.Json and re-serialises. Random damage to events must get the same
/// verdict from both, so the fast path can neither accept what the format rejects nor the reverse.
/// </summary>
public sealed class VerifierAgreementTests
{
    [Fact]
    public async Task Fast_and_typed_verifiers_agree_on_randomly_damaged_events()
    {
        using var sample = await SampleBundle.CreateAsync(events: 12, sealEvery: 4);
        var random = new Random(20260301);
        var valid = 0;
        for (var round = 0; round < 400; round++)
        {
            var lines = new List<string>(sample.Lines);
            var index = lines.IndexOfEvent(random.Next(1, 13));
            var bytes = Encoding.UTF8.GetBytes(lines[index]);
            bytes[random.Next(10, bytes.Length - 80)] = Damage(random);
            lines[index] = Encoding.UTF8.GetString(bytes);

            var result = await Verify.LinesAsync(lines, sample.PublishedKeys, sameProblem: false);
            valid += result.IsValid ? 1 : 0;
        }
        // Almost every change breaks the hash; the few that survive are whitespace where whitespace is allowed.
        Assert.True(valid < 40, $"{valid} damaged bundles verified");
    }

    [Fact]
    public async Task Whitespace_and_escapes_added_by_other_tools_keep_events_valid()
    {
        using var sample = await SampleBundle.CreateAsync(events: 12, sealEvery: 4);
        var index = sample.Lines.IndexOfEvent(5);
        sample.Lines[index] = sample.Lines[index]
            .Replace("\"action\":", "\"action\" :\t")
            .Replace(",\"actor\"", " ,\r \"actor\"")
            .Replace("user.signin", "user\\u002esign\\u0069n")
            .Replace("\"seq\":5", "\"seq\": 5");

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.True(result.IsValid, result.Problem?.Message);
    }

    public static TheoryData<string, Action<JsonObject>> SchemaViolations => new()
    {
        { "extra member", e => e["extra"] = "x" },
        { "missing member", e => e.Remove("session") },
        { "wrong type", e => e["ip"] = 7 },
        { "number in details", e => e["details"] = new JsonObject { ["count"] = 3 } },
        { "array", e => e["details"] = new JsonObject { ["list"] = new JsonArray("a") } },
        { "unknown actor type", e => e["actor"]!["type"] = "robot" },
        { "extra actor member", e => e["actor"]!["name"] = "x" },
        { "unknown result", e => e["result"] = "maybe" },
        { "bad time", e => e["time"] = "2026-02-30T10:00:00.000000Z" },
        { "time without microseconds", e => e["time"] = "2026-03-01T10:00:00Z" },
        { "fractional sequence", e => e["seq"] = 5.5 },
        { "version 2", e => e["v"] = 2 },
        { "target as string", e => e["target"] = "doc-1" },
    };

    [Theory]
    [MemberData(nameof(SchemaViolations))]
    public async Task Schema_violations_with_a_matching_hash_are_malformed_on_both_paths(string violation, Action<JsonObject> change)
    {
        using var sample = await SampleBundle.CreateAsync(events: 12, sealEvery: 4);
        sample.Lines.ChangeEvent(5, change, rehash: true);

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.True(result.Problem?.Kind == AuditProblemKind.MalformedRecord, $"{violation}: {result.Problem?.Kind} {result.Problem?.Message}");
    }

    [Fact]
    public async Task Detail_names_that_need_escaping_are_valid_on_both_paths()
    {
        // The last event, unsealed, so only the format rules judge it.
        using var sample = await SampleBundle.CreateAsync(events: 13, sealEvery: 4);
        sample.Lines.ChangeEvent(13, e => e["details"] = new JsonObject { ["a\"b"] = "1", ["a\nb"] = "2", ["a"] = "3", ["ab"] = "4" }, rehash: true);
        var trailer = BundleTampering.Node(sample.Lines[^1]);
        trailer["trailer"]!["lastHash"] = BundleTampering.Node(sample.Lines[sample.Lines.IndexOfEvent(13)])["hash"]!.DeepClone();
        sample.Lines[^1] = trailer.ToJsonString();

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.True(result.IsValid, result.Problem?.Message);
    }

    [Fact]
    public async Task Documented_example_bundle_verifies()
    {
        var example = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Examples", "audit-bundle.ndjson"));

        var result = await Verify.BundleAsync(example);

        Assert.True(result.IsValid, result.Problem?.Message);
        Assert.Equal((3L, 1L, 2L), (result.Events, result.Seals, result.SealedThrough));
    }

    private static byte Damage(Random random) => random.Next(6) switch
    {
        0 => (byte)' ',
        1 => (byte)'\\',
        2 => (byte)'"',
        3 => (byte)random.Next(0x20),
        4 => (byte)random.Next(0x30, 0x7B),
        _ => (byte)random.Next(0x80, 0x100),
    };
}
