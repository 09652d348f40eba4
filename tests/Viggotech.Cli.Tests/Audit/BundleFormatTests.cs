using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Viggotech.Cli.Tests.Support;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Tests.Audit;

public sealed class BundleFormatTests
{
    [Fact]
    public async Task Every_bundle_line_is_canonical_json()
    {
        using var sample = await SampleBundle.CreateAsync(events: 30, sealEvery: 10, pruneThrough: 10);

        foreach (var line in sample.Lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.Equal(line, Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(bytes)));
        }
        Assert.StartsWith("{\"header\":", sample.Lines[0]);
        Assert.StartsWith("{\"jwks\":", sample.Lines[1]);
        Assert.StartsWith("{\"pruned\":", sample.Lines[2]);
        Assert.StartsWith("{\"trailer\":", sample.Lines[^1]);
    }

    [Fact]
    public async Task Reader_returns_what_the_writer_wrote()
    {
        using var sample = await SampleBundle.CreateAsync(events: 12, sealEvery: 5);

        var records = new List<AuditBundleRecord>();
        await foreach (var record in AuditBundleReader.ReadAsync(new MemoryStream(sample.Bytes)))
        {
            records.Add(record);
        }

        var header = Assert.IsType<BundleHeaderRecord>(records[0]);
        Assert.Equal(SampleBundle.Tenant, header.Header.Tenant);
        Assert.Single(Assert.IsType<BundleKeysRecord>(records[1]).Keys);
        var events = records.OfType<BundleEventRecord>().Select(r => r.Event).ToList();
        Assert.Equal(12, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var written = sample.Events[i];
            Assert.Equal((written.Sequence, written.Previous, written.Hash), (events[i].Sequence, events[i].Previous, events[i].Hash));
            Assert.Equal(written.Event with { Details = null }, events[i].Event with { Details = null });
            Assert.Equal(written.Event.Details ?? new Dictionary<string, string>(), events[i].Event.Details);
            Assert.True(AuditChain.IsIntact(events[i]));
        }
        Assert.Equal([5L, 10L], records.OfType<BundleSealRecord>().Select(s => s.Seal.Seal.Last));
        var trailer = Assert.IsType<BundleTrailerRecord>(records[^1]).Trailer;
        Assert.Equal(new AuditBundleTrailer(12, 12, sample.Events[^1].Hash), trailer);
        Assert.Equal(records.Count, records[^1].Line);
    }

    [Fact]
    public async Task Gzip_bundle_verifies_like_the_plain_one()
    {
        using var sample = await SampleBundle.CreateAsync();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(sample.Bytes);
        }

        var result = await Verify.BundleAsync(compressed.ToArray(), sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
        Assert.Equal(40, result.Events);
    }

    [Fact]
    public async Task Writer_can_compress_and_the_verifier_reads_it_from_a_non_seekable_stream()
    {
        using var sample = await SampleBundle.CreateAsync(events: 5, sealEvery: 5);
        using var output = new MemoryStream();
        await using (var writer = new AuditBundleWriter(output, compress: true, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(new AuditBundleHeader(SampleBundle.Tenant, SampleBundle.Start));
            await writer.WriteKeysAsync(sample.PublishedKeys);
            foreach (var link in sample.Events)
            {
                await writer.WriteEventAsync(link);
            }
            await writer.WriteSealAsync(sample.Seals[0]);
            await writer.CompleteAsync();
        }
        Assert.Equal(0x1F, output.ToArray()[0]);

        var result = await AuditBundleVerifier.VerifyAsync(new ForwardOnlyStream(output.ToArray()), new AuditVerifyOptions { TrustedKeys = sample.PublishedKeys });

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
        Assert.Equal(5, result.SealedThrough);
    }

    [Fact]
    public async Task Equivalent_json_written_differently_still_verifies()
    {
        // The hash covers the canonical form, so member order, spacing and escapes of another tool do not matter.
        using var sample = await SampleBundle.CreateAsync();
        for (var i = 0; i < sample.Lines.Count; i++)
        {
            var node = JsonNode.Parse(sample.Lines[i])!.AsObject();
            if (node["event"] is JsonObject body)
            {
                var reordered = new JsonObject(body.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
                // Indented output has line breaks only between tokens (strings escape theirs), so they can become spaces.
                sample.Lines[i] = new JsonObject { ["hash"] = node["hash"]!.DeepClone(), ["event"] = reordered }
                    .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })
                    .Replace('\n', ' ');
            }
        }
        Assert.Contains("\\u0022", string.Join('\n', sample.Lines));

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
    }

    [Fact]
    public async Task Events_with_non_ascii_and_escaped_detail_names_verify()
    {
        var head = AuditChainHead.Genesis;
        using var output = new MemoryStream();
        await using (var writer = new AuditBundleWriter(output, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(new AuditBundleHeader(SampleBundle.Tenant, SampleBundle.Start));
            foreach (var names in new[] { new[] { "z", "é", "\ufb33", "😀" }, ["a\"b", "a\nb", "A", "€"], ["\u007f", "~", "\u0080"] })
            {
                var details = names.ToDictionary(n => n, n => $"value of {n}");
                var link = AuditChain.Append(head, SampleBundle.MakeEvent(1) with { Details = details });
                head = link.Head;
                await writer.WriteEventAsync(link);
            }
            await writer.CompleteAsync();
        }

        var result = await Verify.BundleAsync(output.ToArray());

        Assert.True(result.IsValid, result.Problem?.Message);
        Assert.Equal(3, result.Events);
    }

    [Fact]
    public async Task Writer_refuses_lines_out_of_order()
    {
        using var sample = await SampleBundle.CreateAsync(events: 2, sealEvery: 2);
        await using var writer = new AuditBundleWriter(new MemoryStream());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteEventAsync(sample.Events[0]).AsTask());
        await writer.WriteHeaderAsync(new AuditBundleHeader(SampleBundle.Tenant, SampleBundle.Start));
        await writer.WriteEventAsync(sample.Events[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteKeysAsync(sample.PublishedKeys).AsTask());
        await writer.CompleteAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteEventAsync(sample.Events[1]).AsTask());
    }

    [Fact]
    public async Task Bundle_left_unfinished_by_the_writer_verifies_as_truncated()
    {
        using var sample = await SampleBundle.CreateAsync(events: 3, sealEvery: 3);
        using var output = new MemoryStream();
        await using (var writer = new AuditBundleWriter(output, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(new AuditBundleHeader(SampleBundle.Tenant, SampleBundle.Start));
            await writer.WriteEventAsync(sample.Events[0]);
        }

        var result = await Verify.BundleAsync(output.ToArray());

        Verify.Problem(result, AuditProblemKind.Truncated, 2);
    }

    [Fact]
    public async Task Empty_chain_verifies()
    {
        using var output = new MemoryStream();
        await using (var writer = new AuditBundleWriter(output, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(new AuditBundleHeader("tenant-new", SampleBundle.Start));
            await writer.CompleteAsync();
        }

        var result = await Verify.BundleAsync(output.ToArray());

        Assert.Equal(AuditVerdict.Valid, result.Verdict);
        Assert.Equal(0, result.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not json\n")]
    [InlineData("{\"format\":\"something-else\"}\n")]
    [InlineData("[1,2,3]\n")]
    [InlineData("{\"header\":{\"exportedAt\":\"2026-01-01T00:00:00.000000Z\",\"format\":\"viggotech-audit-bundle\",\"tenant\":\"t\",\"version\":2}}\n")]
    public async Task Input_that_is_not_a_bundle_is_unusable(string content)
    {
        var result = await Verify.BundleAsync(Encoding.UTF8.GetBytes(content));

        Assert.Equal(AuditVerdict.Unusable, result.Verdict);
    }

    [Fact]
    public async Task Random_bytes_are_unusable()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        var result = await Verify.BundleAsync(garbage);

        Assert.Equal(AuditVerdict.Unusable, result.Verdict);
    }

    [Fact]
    public async Task Corrupt_gzip_is_unusable()
    {
        byte[] corrupt = [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0x01, 0x02, 0x03];

        var result = await Verify.BundleAsync(corrupt);

        Assert.Equal(AuditVerdict.Unusable, result.Verdict);
    }

    [Fact]
    public async Task Broken_json_in_the_middle_is_unusable_and_located()
    {
        using var sample = await SampleBundle.CreateAsync();
        var index = sample.Lines.IndexOfEvent(12);
        sample.Lines[index] = sample.Lines[index][..40];

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Unusable, result.Verdict);
        Assert.Equal(AuditProblemKind.InvalidJson, result.Problem!.Kind);
        Assert.Equal(index + 1, result.Problem.Line);
    }

    [Fact]
    public async Task Event_with_an_unexpected_member_type_is_invalid()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.ChangeEvent(9, e => e["seq"] = "9");

        var result = await Verify.LinesAsync(sample.Lines, sample.PublishedKeys);

        Assert.Equal(AuditVerdict.Invalid, result.Verdict);
        Assert.Equal(AuditProblemKind.MalformedRecord, result.Problem!.Kind);
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
