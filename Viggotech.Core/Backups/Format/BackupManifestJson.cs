using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Canonical;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Backups.Format;

/// <summary>Reads and writes <c>manifest.json</c>. The signature covers the RFC 8785 canonical form of everything but itself.</summary>
public static class BackupManifestJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The bytes a signature covers: the canonical JSON of the manifest without its signature.</summary>
    public static byte[] SignedBytes(BackupManifest manifest) => JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(Body(manifest).ToJsonString()));

    /// <summary>The manifest file: the manifest and its signature, indented for people reading it.</summary>
    public static byte[] Write(BackupManifest manifest, BackupManifestSignature signature)
    {
        var json = Body(manifest);
        var jwk = new ArrayBufferWriter<byte>();
        signature.PublicKey.WriteJwk(new CanonicalJsonWriter(jwk));
        json["signature"] = new JsonObject
        {
            ["alg"] = BackupManifestSignature.Algorithm,
            ["kid"] = signature.KeyId,
            ["jwk"] = JsonNode.Parse(jwk.WrittenSpan),
            ["value"] = Base64Url.EncodeToString(signature.Value),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, Indented);
    }

    /// <exception cref="BackupFormatException">Not a signed backup manifest of this format.</exception>
    public static SignedBackupManifest Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            // Canonicalising first rejects duplicate members and invalid Unicode, which would let
            // two readers see different manifests in one file.
            JsonCanonicalizer.Canonicalize(utf8);
            var root = JsonNode.Parse(utf8) as JsonObject ?? throw new BackupFormatException("A manifest is a JSON object.");
            var signatureNode = root["signature"] as JsonObject ?? throw new BackupFormatException("The manifest is not signed.");
            root.Remove("signature");
            var signed = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(root.ToJsonString()));

            if (Text(root, "format") != BackupManifest.FormatName)
            {
                throw new BackupFormatException($"Not a {BackupManifest.FormatName} manifest.");
            }

            if (Text(signatureNode, "alg") != BackupManifestSignature.Algorithm)
            {
                throw new BackupFormatException($"The manifest is signed with {Text(signatureNode, "alg")}, not {BackupManifestSignature.Algorithm}.");
            }

            using var jwk = JsonDocument.Parse(Required(signatureNode, "jwk").ToJsonString());
            var signature = new BackupManifestSignature(Text(signatureNode, "kid"), AuditPublicKey.ReadJwk(jwk.RootElement), Bytes(signatureNode, "value"));
            var key = Required(root, "key") as JsonObject ?? throw new BackupFormatException("\"key\" must be an object.");
            var parts = Required(root, "parts") as JsonArray ?? throw new BackupFormatException("\"parts\" must be an array.");
            var manifest = new BackupManifest(
                Id(root, "backupId"),
                Id(root, "tenantId"),
                Time(root, "snapshotAt"),
                Time(root, "completedAt"),
                Text(root, "schemaVersion"),
                new BackupKeyReference(Text(key, "kekName"), Text(key, "kekVersion"), Bytes(key, "wrappedKey")),
                [.. parts.Select(ReadPart)],
                Number(root, "size"),
                Hash(root, "sha256"));
            return new SignedBackupManifest(manifest, signature, signed);
        }
        catch (Exception e) when (e is JsonException or AuditFormatException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new BackupFormatException($"The manifest is not valid: {e.Message}", e);
        }
    }

    private static JsonObject Body(BackupManifest manifest) => new()
    {
        ["format"] = BackupManifest.FormatName,
        ["backupId"] = manifest.BackupId.ToString("D"),
        ["tenantId"] = manifest.TenantId.ToString("D"),
        ["snapshotAt"] = TimeText(manifest.SnapshotAt),
        ["completedAt"] = TimeText(manifest.CompletedAt),
        ["schemaVersion"] = manifest.SchemaVersion,
        ["key"] = new JsonObject
        {
            ["algorithm"] = "A256GCMKW",
            ["kekName"] = manifest.Key.KekName,
            ["kekVersion"] = manifest.Key.KekVersion,
            ["wrappedKey"] = Base64Url.EncodeToString(manifest.Key.WrappedKey),
        },
        ["encryption"] = "A256GCM chunked, viggotech/backup-part/v1",
        ["parts"] = new JsonArray([.. manifest.Parts.Select(PartJson)]),
        ["rows"] = manifest.Rows,
        ["size"] = manifest.Size,
        ["sha256"] = manifest.Sha256,
    };

    private static JsonNode PartJson(BackupManifestPart part)
    {
        var json = new JsonObject
        {
            ["name"] = part.Name,
            ["id"] = part.Id.ToString("D"),
            ["kind"] = part.Kind.ToString().ToLowerInvariant(),
        };
        if (part.Table is not null)
        {
            json["table"] = part.Table;
            json["columns"] = new JsonArray([.. part.Columns.Select(c => (JsonNode)JsonValue.Create(c))]);
            json["keyColumns"] = new JsonArray([.. part.KeyColumns.Select(c => (JsonNode)JsonValue.Create(c))]);
        }

        json["rows"] = part.Rows;
        json["compression"] = part.Compression;
        json["size"] = part.Size;
        json["sha256"] = part.Sha256;
        json["contentSize"] = part.ContentSize;
        json["contentSha256"] = part.ContentSha256;
        return json;
    }

    private static BackupManifestPart ReadPart(JsonNode? node)
    {
        var part = node as JsonObject ?? throw new BackupFormatException("Each part must be an object.");
        var kind = Text(part, "kind") switch
        {
            "tenant" => BackupPartKind.Tenant,
            "table" => BackupPartKind.Table,
            "documents" => BackupPartKind.Documents,
            var other => throw new BackupFormatException($"Unknown part kind \"{other}\"."),
        };
        var name = Text(part, "name");
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            throw new BackupFormatException($"Part name \"{name}\" is not a plain file name.");
        }

        var compression = Text(part, "compression");
        if (compression is not (BackupManifestPart.Gzip or BackupManifestPart.NoCompression))
        {
            throw new BackupFormatException($"Unknown compression \"{compression}\".");
        }

        var table = kind == BackupPartKind.Documents ? null : Text(part, "table");
        return new BackupManifestPart(name, Id(part, "id"), kind, table,
            table is null ? [] : Names(part, "columns"), table is null ? [] : Names(part, "keyColumns"),
            Number(part, "rows"), compression, Number(part, "size"), Hash(part, "sha256"), Number(part, "contentSize"), Hash(part, "contentSha256"));
    }

    private static JsonNode Required(JsonObject json, string name) =>
        json[name] ?? throw new BackupFormatException($"The manifest lacks \"{name}\".");

    private static string Text(JsonObject json, string name) =>
        Required(json, name) is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new BackupFormatException($"\"{name}\" must be a string.");

    private static long Number(JsonObject json, string name) =>
        Required(json, name) is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0
            ? number
            : throw new BackupFormatException($"\"{name}\" must be a non-negative integer.");

    private static Guid Id(JsonObject json, string name) =>
        Guid.TryParseExact(Text(json, name), "D", out var id) ? id : throw new BackupFormatException($"\"{name}\" must be a UUID.");

    private static DateTimeOffset Time(JsonObject json, string name) =>
        DateTimeOffset.TryParseExact(Text(json, name), "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new BackupFormatException($"\"{name}\" must be a UTC time like 2026-01-31T23:59:59.123456Z.");

    private static string Hash(JsonObject json, string name)
    {
        var hash = Text(json, name);
        return hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) ? hash : throw new BackupFormatException($"\"{name}\" must be a lowercase hex SHA-256.");
    }

    private static byte[] Bytes(JsonObject json, string name)
    {
        var text = Text(json, name);
        return Base64Url.IsValid(text) ? Base64Url.DecodeFromChars(text) : throw new BackupFormatException($"\"{name}\" must be base64url.");
    }

    private static string[] Names(JsonObject json, string name) =>
        Required(json, name) is JsonArray array
            ? [.. array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new BackupFormatException($"\"{name}\" must list strings."))]
            : throw new BackupFormatException($"\"{name}\" must be an array.");

    internal static string TimeText(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
