using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Viggotech.Cli.Tests.Support;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Tests.Audit;

/// <summary>Each tampering an attacker without the signing key could do is caught at the right place.</summary>
public sealed class TamperDetectionTests
{
    [Fact]
    public async Task Untouched_bundle_verifies()
    {
        using var sample = await SampleBundle.CreateAsync(events: 45, sealEvery: 10);

        var result = await Verify.BundleAsync(sample.Bytes, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
        Assert.Null(result.Problem);
        Assert.Equal((45L, 4L), (result.Events, result.Seals));
        Assert.Equal((1L, 45L), (result.FirstSequence, result.LastSequence));
        Assert.Equal(40, result.SealedThrough);
        Assert.Equal(5, result.UnsealedEvents);
        Assert.Equal(AuditKeySource.Trusted, result.KeySource);
        Assert.Equal(sample.Seals[^1].Seal.ComputeHash(), result.LastSealHash);
    }

    [Fact]
    public async Task Modified_event_field_is_caught_at_that_event()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.ChangeEvent(17, e => e["action"] = "user.signout");

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.ModifiedEvent, 17);
    }

    [Fact]
    public async Task Modified_nested_detail_is_caught_at_that_event()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.ChangeEvent(8, e => e["details"]!["reason"] = "nothing to see");

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.ModifiedEvent, 8);
    }

    [Fact]
    public async Task Modified_event_with_recomputed_hash_breaks_the_link_to_the_next_event()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.ChangeEvent(17, e => e["result"] = "failure", rehash: true);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.InsertedEvent, 18);
    }

    [Fact]
    public async Task Rewritten_and_fully_rechained_events_are_caught_by_their_seal()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.ChangeEvent(17, e => e["actor"]!["id"] = "someone-else", rehash: true);
        sample.Lines.Rechain(18);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.SealMismatch, 11);
    }

    [Fact]
    public async Task Deleted_event_is_caught_at_its_sequence()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.RemoveAt(sample.Lines.IndexOfEvent(23));

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Verify.Problem(result, AuditProblemKind.MissingEvents, 23);
        Assert.Contains("Event 23 is missing", result.Problem!.Message);
    }

    [Fact]
    public async Task Deleted_run_of_events_reports_the_first_missing_one()
    {
        using var sample = await SampleBundle.CreateAsync();
        foreach (var seq in new[] { 12, 13, 14 })
        {
            sample.Lines.RemoveAt(sample.Lines.IndexOfEvent(seq));
        }

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Verify.Problem(result, AuditProblemKind.MissingEvents, 12);
        Assert.Contains("12–14", result.Problem!.Message);
    }

    [Fact]
    public async Task Inserted_forged_event_is_caught_at_the_sequence_it_took()
    {
        using var sample = await SampleBundle.CreateAsync();
        // A well-formed forgery: right sequence, right link, correct hash of its own content.
        var forged = JsonNode.Parse(sample.Lines[sample.Lines.IndexOfEvent(31)])!.AsObject();
        forged["event"]!["action"] = "user.password.reset";
        forged["hash"] = BundleTampering.HashOf(forged["event"]!.AsObject()).ToString();
        sample.Lines.Insert(sample.Lines.IndexOfEvent(31), forged.ToJsonString());

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.InsertedEvent, 31);
    }

    [Fact]
    public async Task Duplicated_event_is_caught_as_inserted()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.Insert(sample.Lines.IndexOfEvent(6) + 1, sample.Lines[sample.Lines.IndexOfEvent(6)]);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.InsertedEvent, 6);
    }

    [Fact]
    public async Task Event_moved_from_another_tenant_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.ChangeEvent(4, e => e["tenant"] = "tenant-other", rehash: true);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.InsertedEvent, 4);
    }

    [Fact]
    public async Task Two_swapped_events_are_caught_as_reordered_at_the_first()
    {
        using var sample = await SampleBundle.CreateAsync();
        var a = sample.Lines.IndexOfEvent(14);
        var b = sample.Lines.IndexOfEvent(15);
        (sample.Lines[a], sample.Lines[b]) = (sample.Lines[b], sample.Lines[a]);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.ReorderedEvents, 14);
    }

    [Fact]
    public async Task Event_moved_far_down_is_caught_as_reordered()
    {
        using var sample = await SampleBundle.CreateAsync();
        var moved = sample.Lines[sample.Lines.IndexOfEvent(3)];
        sample.Lines.RemoveAt(sample.Lines.IndexOfEvent(3));
        sample.Lines.Insert(sample.Lines.IndexOfEvent(27), moved);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.ReorderedEvents, 3);
    }

    [Fact]
    public async Task Cut_tail_without_trailer_is_caught_as_truncated()
    {
        using var sample = await SampleBundle.CreateAsync(events: 40);
        var cut = sample.Lines.IndexOfEvent(36);
        sample.Lines.RemoveRange(cut, sample.Lines.Count - cut);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.Truncated, 36);
    }

    [Fact]
    public async Task Bundle_cut_in_the_middle_of_a_line_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync(events: 40);
        var bytes = sample.Bytes;

        var cutAt = bytes.Length * 2 / 3;
        var lastWholeEvent = Encoding.UTF8.GetString(bytes[..cutAt]).Split('\n')[..^1]
            .Select(l => BundleTampering.Node(l)["event"]?["seq"]?.GetValue<long>()).Max(s => s ?? 0);

        var result = await Verify.BundleAsync(bytes[..cutAt], sample.PublishedKeys);

        Verify.Problem(result, AuditProblemKind.Truncated, lastWholeEvent + 1);
    }

    [Fact]
    public async Task Events_removed_before_the_trailer_are_caught_as_truncated()
    {
        using var sample = await SampleBundle.CreateAsync(events: 45, sealEvery: 10);
        foreach (var seq in new[] { 45, 44, 43 })
        {
            sample.Lines.RemoveAt(sample.Lines.IndexOfEvent(seq));
        }

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.Truncated, 43);
    }

    [Fact]
    public async Task Seal_for_events_missing_from_the_bundle_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync(events: 40, sealEvery: 10);
        foreach (var seq in new[] { 40, 39 })
        {
            sample.Lines.RemoveAt(sample.Lines.IndexOfEvent(seq));
        }

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.SealBeyondEvents, 39);
    }

    [Fact]
    public async Task Modified_seal_is_caught_by_its_signature()
    {
        using var sample = await SampleBundle.CreateAsync();
        var index = sample.Lines.IndexOfSealEndingAt(20);
        var line = BundleTampering.Node(sample.Lines[index]);
        line["seal"]!["sealedAt"] = "2027-01-01T00:00:00.000000Z";
        sample.Lines[index] = line.ToJsonString();

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.BadSignature, 11);
    }

    [Fact]
    public async Task Seal_signed_by_an_unknown_key_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var index = sample.Lines.IndexOfSealEndingAt(30);
        var seal = BundleTampering.ReadSeal(sample.Lines[index]) with { KeyId = "audit-signing/unknown" };
        sample.Lines[index] = BundleTampering.SealLine(seal, stranger);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.UnknownKey, 21);
    }

    [Fact]
    public async Task Seal_signed_with_another_key_under_the_real_key_id_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var index = sample.Lines.IndexOfSealEndingAt(10);
        sample.Lines[index] = BundleTampering.SealLine(BundleTampering.ReadSeal(sample.Lines[index]), stranger);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.BadSignature, 1);
    }

    [Fact]
    public async Task Removed_seal_is_caught_at_the_next_seal()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.RemoveAt(sample.Lines.IndexOfSealEndingAt(20));

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.SealMismatch, 11);
    }

    [Fact]
    public async Task Seal_that_does_not_chain_to_the_seal_before_it_is_caught()
    {
        // Correctly signed, right range and hash, but from another seal history (a replayed or substituted seal).
        using var sample = await SampleBundle.CreateAsync();
        var index = sample.Lines.IndexOfSealEndingAt(20);
        var seal = BundleTampering.ReadSeal(sample.Lines[index]) with { PreviousSeal = AuditHash.Of("another history"u8) };
        sample.Lines[index] = BundleTampering.SealLine(seal, sample.Key);

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.SealMismatch, 11);
    }

    [Fact]
    public async Task Event_with_invalid_utf8_is_rejected_even_when_its_hash_matches_its_bytes()
    {
        // The last, unsealed event: only the format rules stand between these bytes and a valid verdict.
        using var sample = await SampleBundle.CreateAsync(events: 45, sealEvery: 10);
        var index = sample.Lines.IndexOfEvent(45);
        var line = Encoding.UTF8.GetBytes(sample.Lines[index]);
        var at = sample.Lines[index].IndexOf("user.signin", StringComparison.Ordinal) + 5;
        line[at] = 0xFF;
        var body = line[9..^75];
        var hash = Encoding.ASCII.GetBytes(AuditHash.Of(body).ToString());
        hash.CopyTo(line, line.Length - 66);
        var trailer = BundleTampering.Node(sample.Lines[^1]);
        trailer["trailer"]!["lastHash"] = AuditHash.Of(body).ToString();
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', sample.Lines[..index]) + "\n")
            .Concat(line).Concat(Encoding.UTF8.GetBytes("\n" + trailer.ToJsonString() + "\n")).ToArray();

        var result = await Verify.BundleAsync(bytes, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Invalid, result.Verdict);
        Assert.Equal(AuditProblemKind.MalformedRecord, result.Problem!.Kind);
    }

    [Fact]
    public async Task Bundle_re_signed_with_an_attacker_key_fails_against_the_published_keys()
    {
        using var sample = await SampleBundle.CreateAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        sample.Lines.ChangeEvent(5, e => e["ip"] = "198.51.100.9", rehash: true);
        sample.Lines.Rechain(6);
        ResealEverything(sample.Lines, attacker);

        // Alone, the bundle is consistent: its own embedded key checks out...
        var selfConsistent = await Verify.LinesAsync(sample.Lines);
        Assert.True(selfConsistent.IsValid, selfConsistent.Problem?.Message);
        Assert.Equal(AuditKeySource.Bundle, selfConsistent.KeySource);

        // ...but not against the keys Viggotech publishes.
        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.BadSignature, 1);
    }

    [Fact]
    public async Task Seals_signed_by_rotated_keys_all_verify()
    {
        using var sample = await SampleBundle.CreateAsync();
        using var newer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // From seal 3 on, the Worker signs with a new key version; the JWKS lists both.
        AuditHash? previousSeal = null;
        for (var i = 0; i < sample.Lines.Count; i++)
        {
            if (BundleTampering.Node(sample.Lines[i])["seal"] is null)
            {
                continue;
            }
            var seal = BundleTampering.ReadSeal(sample.Lines[i]);
            if (seal.First > 20)
            {
                seal = seal with { KeyId = "audit-signing/2026-02", PreviousSeal = previousSeal!.Value };
                sample.Lines[i] = BundleTampering.SealLine(seal, newer);
            }
            previousSeal = seal.ComputeHash();
        }
        var published = new[] { AuditPublicKey.FromEcdsa(SampleBundle.KeyId, sample.Key), AuditPublicKey.FromEcdsa("audit-signing/2026-02", newer) };
        sample.Lines[sample.Lines.IndexOfRecord("jwks")] = BundleTampering.JwksLine(published);
        using var trusted = new AuditKeySet(published);

        var result = await Verify.LinesAsync(sample.Lines, trusted);

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
        Assert.Equal(2, result.Keys);
    }

    [Fact]
    public async Task Event_appended_after_the_trailer_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.Add(sample.Lines[sample.Lines.IndexOfEvent(40)]);

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Invalid, result.Verdict);
        Assert.Equal(AuditProblemKind.MalformedRecord, result.Problem!.Kind);
    }

    [Fact]
    public async Task Trailer_that_disagrees_with_the_events_is_caught()
    {
        using var sample = await SampleBundle.CreateAsync();
        var index = sample.Lines.IndexOfRecord("trailer");
        var trailer = BundleTampering.Node(sample.Lines[index]);
        trailer["trailer"]!["eventCount"] = 39;
        sample.Lines[index] = trailer.ToJsonString();

        Verify.Problem(await Verify.LinesAsync(sample.Lines, sample.PublishedKeys), AuditProblemKind.TrailerMismatch, 40);
    }

    private static void ResealEverything(List<string> lines, ECDsa key)
    {
        var sealHead = AuditHash.Zero;
        AuditHash lastEventHash = default;
        for (var i = 0; i < lines.Count; i++)
        {
            var node = BundleTampering.Node(lines[i]);
            if (node["event"] is not null)
            {
                lastEventHash = AuditHash.Parse(node["hash"]!.GetValue<string>());
            }
            else if (node["seal"] is not null)
            {
                var seal = BundleTampering.ReadSeal(lines[i]) with { LastHash = lastEventHash, PreviousSeal = sealHead };
                lines[i] = BundleTampering.SealLine(seal, key);
                sealHead = seal.ComputeHash();
            }
            else if (node["jwks"] is not null)
            {
                lines[i] = BundleTampering.JwksLine(AuditPublicKey.FromEcdsa(SampleBundle.KeyId, key));
            }
            else if (node["trailer"] is JsonObject trailer)
            {
                trailer["lastHash"] = lastEventHash.ToString();
                lines[i] = node.ToJsonString();
            }
        }
    }
}
