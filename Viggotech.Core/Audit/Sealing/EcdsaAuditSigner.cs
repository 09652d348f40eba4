using System.Security.Cryptography;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>Signs with a P-256 key held in memory (unwrapped from its Key Vault secret by the caller).</summary>
public sealed class EcdsaAuditSigner(string keyId, ECDsa key) : IAuditSigner, IDisposable
{
    private readonly ECDsa key = AuditPublicKey.RequireP256(key);

    public string KeyId { get; } = keyId;

    public AuditPublicKey PublicKey => AuditPublicKey.FromEcdsa(KeyId, key);

    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(key.SignData(data.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>Disposes the key it was given.</summary>
    public void Dispose() => key.Dispose();
}
