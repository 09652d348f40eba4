using System.Security.Cryptography;
using Viggotech.Cli.Tests.Support;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Cli.Tests.Audit;

public sealed class SealingTests
{
    [Fact]
    public async Task Seals_cover_consecutive_ranges_and_chain_to_each_other()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sealer = new AuditSealer(new EcdsaAuditSigner("k1", key), new FixedTime(SampleBundle.Start));
        var first = await sealer.SealAsync("t", AuditSealPoint.Genesis, new AuditChainHead(10, AuditHash.Of("a"u8)));
        var second = await sealer.SealAsync("t", AuditSealPoint.After(first.Seal), new AuditChainHead(25, AuditHash.Of("b"u8)));

        Assert.Equal((1, 10), (first.Seal.First, first.Seal.Last));
        Assert.Equal(AuditHash.Zero, first.Seal.PreviousSeal);
        Assert.Equal((11, 25), (second.Seal.First, second.Seal.Last));
        Assert.Equal(first.Seal.ComputeHash(), second.Seal.PreviousSeal);
    }

    [Fact]
    public async Task Seal_signature_is_es256_in_ieee_p1363_form_over_the_canonical_seal()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sealer = new AuditSealer(new EcdsaAuditSigner("k1", key), new FixedTime(SampleBundle.Start));
        var signed = await sealer.SealAsync("t", AuditSealPoint.Genesis, new AuditChainHead(3, AuditHash.Of("x"u8)));

        Assert.Equal(64, signed.Signature.Length);
        Assert.True(key.VerifyData(signed.Seal.ToCanonicalJson(), signed.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(signed.Seal.ToCanonicalJson(), JsonCanonicalizer.Canonicalize(signed.Seal.ToCanonicalJson()));
    }

    [Fact]
    public async Task Sealing_nothing_new_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sealer = new AuditSealer(new EcdsaAuditSigner("k1", key), TimeProvider.System);
        await Assert.ThrowsAsync<ArgumentException>(() => sealer.SealAsync("t", new AuditSealPoint(10, AuditHash.Zero), new AuditChainHead(10, AuditHash.Zero)));
    }

    [Fact]
    public void Only_p256_keys_can_sign()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => new EcdsaAuditSigner("k", p384));
    }

    [Fact]
    public void Jwks_round_trips_and_is_canonical()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var set = new AuditKeySet([AuditPublicKey.FromEcdsa("v2", b), AuditPublicKey.FromEcdsa("v1", a)]);
        var jwks = set.ToJwks();

        using var parsed = AuditKeySet.ParseJwks(jwks);
        Assert.Equal(["v1", "v2"], parsed.Keys.Select(k => k.KeyId));
        Assert.Equal(set.Keys, parsed.Keys);
        Assert.Equal(jwks, JsonCanonicalizer.Canonicalize(jwks));
        Assert.Equal(43, parsed.Keys.First().Thumbprint().Length);
    }

    [Fact]
    public void Two_keys_under_one_key_id_are_refused()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Throws<AuditFormatException>(() => new AuditKeySet([AuditPublicKey.FromEcdsa("v1", a), AuditPublicKey.FromEcdsa("v1", b)]));
    }
}
