using System.Security.Cryptography;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Core.Tests.Audit;

public sealed class EventDigestTests
{
    [Fact]
    public void The_verifiers_digest_equals_sha256_for_every_length_around_the_block_boundaries()
    {
        using var digest = new EventDigest();
        var data = RandomNumberGenerator.GetBytes(4096);
        Span<byte> actual = stackalloc byte[32];
        foreach (var length in Enumerable.Range(0, 200).Concat([511, 512, 513, 639, 640, 641, 4095, 4096]))
        {
            digest.Hash(data.AsSpan(0, length), actual);
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), actual.ToArray());
        }
    }

    [Fact]
    public void On_linux_the_verifier_hashes_with_openssl_directly()
    {
        // The fast path is what bench/run.sh audit measures; losing it silently would cost a third of the speed.
        Assert.Equal(OperatingSystem.IsLinux(), EventDigest.UsesOpenSslDirectly);
    }
}
