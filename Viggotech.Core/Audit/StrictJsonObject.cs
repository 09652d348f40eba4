using System.Text.Json;

namespace Viggotech.Core.Audit;

/// <summary>
/// Reads a JSON object whose members are fixed by the audit format: duplicates and unexpected
/// members are errors, so a document cannot carry data the signature or hash does not cover.
/// </summary>
internal sealed class StrictJsonObject
{
    private readonly string what;
    private readonly Dictionary<string, JsonElement> members = new(StringComparer.Ordinal);
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public StrictJsonObject(JsonElement element, string what)
    {
        this.what = what;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AuditFormatException($"{what} must be a JSON object.");
        }
        foreach (var member in element.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
            {
                throw new AuditFormatException($"{what} has the member \"{member.Name}\" twice.");
            }
        }
    }

    public IEnumerable<KeyValuePair<string, JsonElement>> Members => members;

    public JsonElement Element(string name)
    {
        read.Add(name);
        return members.TryGetValue(name, out var value) ? value : throw Missing(name);
    }

    public string String(string name) =>
        Element(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw Wrong(name, "a string");

    public string? NullableString(string name) => Element(name) switch
    {
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw Wrong(name, "a string or null"),
    };

    public long Integer(string name) =>
        Element(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number)
            ? number
            : throw Wrong(name, "an integer");

    public AuditHash Hash(string name) =>
        Element(name) is { ValueKind: JsonValueKind.String } value
        && AuditHash.TryParse(System.Text.Encoding.UTF8.GetBytes(value.GetString()!), out var hash)
            ? hash
            : throw Wrong(name, "64 lowercase hex digits");

    public DateTimeOffset Time(string name) =>
        AuditTime.TryParse(String(name), out var time) ? time : throw Wrong(name, "a UTC time like 2026-01-31T23:59:59.123456Z");

    public StrictJsonObject Object(string name) => new(Element(name), $"{what}.{name}");

    public StrictJsonObject? NullableObject(string name) =>
        Element(name).ValueKind == JsonValueKind.Null ? null : Object(name);

    public void ExpectVersion(long version)
    {
        if (Integer("v") != version)
        {
            throw new AuditFormatException($"{what} has version {Integer("v")}; this reader knows version {version}.");
        }
    }

    /// <summary>Call after reading every expected member.</summary>
    public void RejectOthers()
    {
        foreach (var name in members.Keys)
        {
            if (!read.Contains(name))
            {
                throw new AuditFormatException($"{what} has an unexpected member \"{name}\".");
            }
        }
    }

    private AuditFormatException Missing(string name) => new($"{what} lacks the member \"{name}\".");

    private AuditFormatException Wrong(string name, string expected) => new($"{what}.{name} must be {expected}.");
}
