using System.Security.Cryptography;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Bench;

/// <summary>A realistic export: events of typical size and variety, sealed every <c>sealEvery</c> events.</summary>
internal static class BenchBundle
{
    public const string Tenant = "tenant-5c1d9e2a-7b44-4f0e-9a51-2f6d8c3b1e07";
    private const string KeyId = "audit-signing/bench";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<(byte[] Bundle, AuditKeySet Keys)> CreateAsync(int events, int sealEvery)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new EcdsaAuditSigner(KeyId, key);
        var sealer = new AuditSealer(signer, TimeProvider.System);
        var keys = new AuditKeySet([signer.PublicKey]);

        using var output = new MemoryStream(events * 480);
        await using (var writer = new AuditBundleWriter(output, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(new AuditBundleHeader(Tenant, Start));
            await writer.WriteKeysAsync(keys);
            var head = AuditChainHead.Genesis;
            var sealedUpTo = AuditSealPoint.Genesis;
            for (var i = 1; i <= events; i++)
            {
                var link = AuditChain.Append(head, Event(i));
                head = link.Head;
                await writer.WriteEventAsync(link);
                if (i % sealEvery == 0 || i == events)
                {
                    var seal = await sealer.SealAsync(Tenant, sealedUpTo, head);
                    sealedUpTo = AuditSealPoint.After(seal.Seal);
                    await writer.WriteSealAsync(seal);
                }
            }
            await writer.CompleteAsync();
        }
        return (output.ToArray(), keys);
    }

    private static AuditEvent Event(int i) => new(
        Tenant: Tenant,
        Time: Start.AddMilliseconds(i * 37L),
        Actor: i % 10 == 0 ? new AuditActor(AuditActorType.App, "app-3f9c2d") : new AuditActor(AuditActorType.User, $"user-{i % 997:d6}"),
        Action: (i % 4) switch { 0 => "document.read", 1 => "user.signin", 2 => "session.refresh", _ => "user.profile.update" },
        Target: i % 4 == 0 ? new AuditTarget("document", $"doc-{i % 50_000:d8}") : new AuditTarget("user", $"user-{i % 997:d6}"),
        Result: i % 50 == 0 ? AuditResult.Denied : AuditResult.Success,
        Ip: $"198.51.100.{i % 250}",
        UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        Session: $"sess-{i / 40:x12}",
        Trace: $"{i:x32}",
        Details: i % 4 == 0 ? new Dictionary<string, string> { ["purpose"] = "support-case", ["fields"] = "3" } : null);
}
