using System.Security.Cryptography;
using Viggotech.Cli.Tests.Support;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Tests.Audit;

/// <summary>Retention removes whole sealed segments from the start and leaves a signed record of it.</summary>
public sealed class PruneTests
{
    [Fact]
    public async Task Pruned_prefix_with_its_signed_record_still_verifies()
    {
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10, pruneThrough: 20);

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
        Assert.Equal(20, result.PrunedThrough);
        Assert.Equal((21L, 50L), (result.FirstSequence, result.LastSequence));
        Assert.Equal(30, result.Events);
        Assert.Equal(3, result.Seals);
    }

    [Fact]
    public async Task Tampering_after_a_pruned_prefix_is_still_located()
    {
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10, pruneThrough: 20);
        sample.Lines.ChangeEvent(21, e => e["action"] = "nothing.happened");

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.ModifiedEvent, 21);
    }

    [Fact]
    public async Task Events_removed_from_the_start_without_a_prune_record_are_caught()
    {
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10);
        var first = sample.Lines.IndexOfEvent(1);
        sample.Lines.RemoveRange(first, sample.Lines.IndexOfEvent(21) - first);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.MissingEvents, 1);
    }

    [Fact]
    public async Task Unsigned_prune_record_is_rejected()
    {
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10, pruneThrough: 20);
        var index = sample.Lines.IndexOfRecord("pruned");
        var record = ReadPrune(sample.Lines[index]);
        sample.Lines[index] = BundleTampering.PruneLine(record, signature: "");

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.BadSignature, 1);
    }

    [Fact]
    public async Task Forged_prune_record_hiding_more_events_is_rejected()
    {
        // Someone deletes events 21–30 too and edits the prune record to cover them.
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10, pruneThrough: 20);
        var index = sample.Lines.IndexOfRecord("pruned");
        var sealOf30 = sample.Seals.Single(s => s.Seal.Last == 30).Seal;
        var forged = ReadPrune(sample.Lines[index]) with { Last = 30, LastHash = sealOf30.LastHash, SealHash = sealOf30.ComputeHash() };
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        sample.Lines[index] = BundleTampering.PruneLine(forged, BundleTampering.Sign(forged.ToCanonicalJson(), attacker));
        var first = sample.Lines.IndexOfEvent(21);
        sample.Lines.RemoveRange(first, sample.Lines.IndexOfEvent(31) - first);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.BadSignature, 1);
    }

    [Fact]
    public async Task Prune_record_signed_by_an_unknown_key_is_rejected()
    {
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10, pruneThrough: 20);
        var index = sample.Lines.IndexOfRecord("pruned");
        var record = ReadPrune(sample.Lines[index]) with { KeyId = "someone-else" };
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        sample.Lines[index] = BundleTampering.PruneLine(record, BundleTampering.Sign(record.ToCanonicalJson(), stranger));

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.UnknownKey, 1);
    }

    [Fact]
    public async Task Prune_record_is_only_accepted_before_the_events()
    {
        using var sample = await SampleBundle.CreateAsync(events: 50, sealEvery: 10, pruneThrough: 20);
        var index = sample.Lines.IndexOfRecord("pruned");
        var line = sample.Lines[index];
        sample.Lines.RemoveAt(index);
        sample.Lines.Insert(sample.Lines.IndexOfEvent(25), line);

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Invalid, result.Verdict);
        Assert.Equal(AuditProblemKind.MissingEvents, result.Problem!.Kind);
    }

    private static AuditPruneRecord ReadPrune(string line) =>
        AuditPruneRecord.Read(System.Text.Json.JsonDocument.Parse(BundleTampering.Node(line)["pruned"]!.ToJsonString()).RootElement);
}
