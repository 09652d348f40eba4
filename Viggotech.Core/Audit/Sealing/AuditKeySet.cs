using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>
/// The audit public keys by key id: every version that ever signed, retired ones included, so old
/// seals keep verifying after rotation. Serialises as the JWKS published at
/// /.well-known/viggotech-audit-keys.
/// </summary>
public sealed class AuditKeySet : IDisposable
{
    private readonly Dictionary<string, (AuditPublicKey Key, ECDsa Verifier)> keys = new(StringComparer.Ordinal);

    public AuditKeySet()
    {
    }

    public AuditKeySet(IEnumerable<AuditPublicKey> keys)
    {
        foreach (var key in keys)
        {
            Add(key);
        }
    }

    public int Count => keys.Count;

    public IEnumerable<AuditPublicKey> Keys => keys.Values.Select(k => k.Key).OrderBy(k => k.KeyId, StringComparer.Ordinal);

    /// <exception cref="AuditFormatException">Two different keys claim one key id.</exception>
    public void Add(AuditPublicKey key)
    {
        if (keys.TryGetValue(key.KeyId, out var existing))
        {
            if (existing.Key != key)
            {
                throw new AuditFormatException($"Two different keys have the key id \"{key.KeyId}\".");
            }
            return;
        }
        keys.Add(key.KeyId, (key, key.CreateVerifier()));
    }

    public bool Contains(string keyId) => keys.ContainsKey(keyId);

    public AuditSignatureCheck Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!keys.TryGetValue(keyId, out var entry))
        {
            return AuditSignatureCheck.UnknownKey;
        }
        return entry.Verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? AuditSignatureCheck.Valid
            : AuditSignatureCheck.Invalid;
    }

    /// <exception cref="JsonException">Not JSON.</exception>
    /// <exception cref="AuditFormatException">JSON, but not a JWKS of P-256 keys.</exception>
    public static AuditKeySet ParseJwks(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var set = new AuditKeySet();
        set.AddJwks(document.RootElement);
        return set;
    }

    public void AddJwks(JsonElement jwks)
    {
        foreach (var key in ReadJwks(jwks))
        {
            Add(key);
        }
    }

    public static IReadOnlyList<AuditPublicKey> ReadJwks(JsonElement jwks)
    {
        if (jwks.ValueKind != JsonValueKind.Object || !jwks.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new AuditFormatException("A JWKS is an object with a \"keys\" array.");
        }
        return [.. list.EnumerateArray().Select(AuditPublicKey.ReadJwk)];
    }

    public void WriteJwks(CanonicalJsonWriter json)
    {
        json.StartObject();
        json.Name("keys"u8);
        json.StartArray();
        foreach (var key in Keys)
        {
            key.WriteJwk(json);
        }
        json.EndArray();
        json.EndObject();
    }

    /// <summary>The JWKS document, in canonical JSON.</summary>
    public byte[] ToJwks()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJwks(new CanonicalJsonWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        foreach (var (_, verifier) in keys.Values)
        {
            verifier.Dispose();
        }
        keys.Clear();
    }
}
