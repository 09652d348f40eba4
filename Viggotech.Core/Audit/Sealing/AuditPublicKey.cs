using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Viggotech.Core.Audit.Canonical;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>A P-256 public key as published in the audit JWKS (coordinates in base64url).</summary>
public sealed record AuditPublicKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const int CoordinateSize = 32;

    public AuditPublicKey(string keyId, string x, string y)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw new AuditFormatException("A key needs a key id (kid).");
        }
        if (!IsCoordinate(x) || !IsCoordinate(y))
        {
            throw new AuditFormatException($"Key \"{keyId}\": x and y must be 32-byte base64url values.");
        }
        KeyId = keyId;
        X = x;
        Y = y;
    }

    public string KeyId { get; }

    public string X { get; }

    public string Y { get; }

    public static AuditPublicKey FromEcdsa(string keyId, ECDsa key)
    {
        var point = RequireP256(key).ExportParameters(includePrivateParameters: false).Q;
        return new AuditPublicKey(keyId, Base64Url.EncodeToString(point.X), Base64Url.EncodeToString(point.Y));
    }

    internal static ECDsa RequireP256(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != P256Oid)
        {
            throw new ArgumentException("Audit keys are ECDSA P-256 (ES256).", nameof(key));
        }
        return key;
    }

    /// <summary>RFC 7638 thumbprint: lets a customer compare keys by a short value.</summary>
    public string Thumbprint()
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        var json = new CanonicalJsonWriter(buffer);
        json.StartObject();
        json.Name("crv"u8);
        json.String("P-256"u8);
        json.Name("kty"u8);
        json.String("EC"u8);
        json.Name("x"u8);
        json.String(X);
        json.Name("y"u8);
        json.String(Y);
        json.EndObject();
        return Base64Url.EncodeToString(SHA256.HashData(buffer.WrittenSpan));
    }

    public ECDsa CreateVerifier() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.DecodeFromChars(X), Y = Base64Url.DecodeFromChars(Y) },
    });

    public void WriteJwk(CanonicalJsonWriter json)
    {
        json.StartObject();
        json.Name("alg"u8);
        json.String("ES256"u8);
        json.Name("crv"u8);
        json.String("P-256"u8);
        json.Name("kid"u8);
        json.String(KeyId);
        json.Name("kty"u8);
        json.String("EC"u8);
        json.Name("use"u8);
        json.String("sig"u8);
        json.Name("x"u8);
        json.String(X);
        json.Name("y"u8);
        json.String(Y);
        json.EndObject();
    }

    /// <summary>Reads one JWK. Members other than these are allowed, as RFC 7517 says.</summary>
    public static AuditPublicKey ReadJwk(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new AuditFormatException("A JWK must be a JSON object.");
        }
        var kid = Member(jwk, "kid");
        if (Member(jwk, "kty") != "EC" || Member(jwk, "crv") != "P-256")
        {
            throw new AuditFormatException($"Key \"{kid}\" is not an EC P-256 key.");
        }
        if (jwk.TryGetProperty("alg", out var alg) && alg.GetString() != "ES256")
        {
            throw new AuditFormatException($"Key \"{kid}\" is not for ES256.");
        }
        return new AuditPublicKey(kid, Member(jwk, "x"), Member(jwk, "y"));
    }

    private static string Member(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new AuditFormatException($"A JWK lacks the string member \"{name}\".");

    private static bool IsCoordinate(string value)
    {
        Span<byte> decoded = stackalloc byte[CoordinateSize + 3];
        return Base64Url.IsValid(value, out var length) && length == CoordinateSize
            && Base64Url.TryDecodeFromChars(value, decoded, out _);
    }
}
