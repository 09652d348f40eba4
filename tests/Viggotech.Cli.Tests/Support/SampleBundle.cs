using System.Security.Cryptography;
using System.Text;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Cli.Tests.Support;

/// <summary>
/// A tenant's audit trail written as an export bundle, with the key that sealed it. Each test
/// builds its own and tampers with <see cref="Lines"/>.
/// </summary>
internal sealed class SampleBundle : IDisposable
{
    public const string Tenant = "tenant-7f3a";
    public const string KeyId = "audit-signing/2026-01";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private SampleBundle(ECDsa key, List<string> lines, List<ChainedAuditEvent> events, List<SignedAuditSeal> seals)
    {
        Key = key;
        Lines = lines;
        Events = events;
        Seals = seals;
        PublishedKeys = new AuditKeySet([AuditPublicKey.FromEcdsa(KeyId, key)]);
    }

    public ECDsa Key { get; }

    public List<string> Lines { get; }

    public List<ChainedAuditEvent> Events { get; }

    public List<SignedAuditSeal> Seals { get; }

    /// <summary>What a customer downloads from /.well-known/viggotech-audit-keys.</summary>
    public AuditKeySet PublishedKeys { get; }

    public byte[] Bytes => Encoding.UTF8.GetBytes(string.Join('\n', Lines) + "\n");

    /// <param name="events">Events in the whole chain.</param>
    /// <param name="sealEvery">A seal after every this many events; events after the last full segment stay unsealed.</param>
    /// <param name="pruneThrough">When set, events up to here are removed by retention and a signed prune record kept.</param>
    public static async Task<SampleBundle> CreateAsync(int events = 40, int sealEvery = 10, int? pruneThrough = null, ECDsa? rotatedKey = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new EcdsaAuditSigner(KeyId, key);
        var sealer = new AuditSealer(signer, new FixedTime(Start.AddHours(1)));

        var chain = new List<ChainedAuditEvent>();
        var seals = new List<SignedAuditSeal>();
        var head = AuditChainHead.Genesis;
        var sealedUpTo = AuditSealPoint.Genesis;
        for (var i = 1; i <= events; i++)
        {
            var link = AuditChain.Append(head, MakeEvent(i));
            chain.Add(link);
            head = link.Head;
            if (i % sealEvery == 0)
            {
                var seal = await sealer.SealAsync(Tenant, sealedUpTo, head);
                seals.Add(seal);
                sealedUpTo = AuditSealPoint.After(seal.Seal);
            }
        }

        SignedAuditPruneRecord? pruned = null;
        if (pruneThrough is { } through)
        {
            var lastRemoved = seals.Single(s => s.Seal.Last == through).Seal;
            pruned = await sealer.RecordPruneAsync(lastRemoved);
        }

        using var buffer = new MemoryStream();
        await using (var writer = new AuditBundleWriter(buffer, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(new AuditBundleHeader(Tenant, Start.AddDays(1)));
            using var keys = new AuditKeySet([signer.PublicKey]);
            await writer.WriteKeysAsync(keys);
            if (pruned is not null)
            {
                await writer.WritePrunedAsync(pruned);
            }
            foreach (var link in chain.Where(e => e.Sequence > (pruneThrough ?? 0)))
            {
                await writer.WriteEventAsync(link);
                if (seals.SingleOrDefault(s => s.Seal.Last == link.Sequence) is { } seal)
                {
                    await writer.WriteSealAsync(seal);
                }
            }
            await writer.CompleteAsync();
        }
        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        return new SampleBundle(key, lines, chain, seals);
    }

    /// <summary>Varied on purpose: non-ASCII, characters that need escaping, missing optional values.</summary>
    public static AuditEvent MakeEvent(int i) => new(
        Tenant: Tenant,
        Time: Start.AddSeconds(i).AddTicks(1234567),
        Actor: i % 3 == 0 ? new AuditActor(AuditActorType.App, "app-billing-sync") : new AuditActor(AuditActorType.User, $"user-{i % 5}"),
        Action: i % 4 == 0 ? "document.read" : "user.signin",
        Target: i % 4 == 0 ? new AuditTarget("document", $"doc-{i}") : null,
        Result: i % 7 == 0 ? AuditResult.Denied : AuditResult.Success,
        Ip: "203.0.113." + (i % 250),
        UserAgent: i % 2 == 0 ? "Mozilla/5.0 \"Zoë\" (X11; Linux x86_64)" : null,
        Session: $"sess-{i / 10}",
        Trace: $"00-{i:x32}-{i:x16}-01",
        Details: i % 4 == 0 ? new Dictionary<string, string> { ["reason"] = "dossier Ünternehmen", ["bytes"] = "1024" } : null);

    public void Dispose()
    {
        Key.Dispose();
        PublishedKeys.Dispose();
    }
}
