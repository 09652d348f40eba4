using System.Text.Json;
using System.Text.Json.Serialization;

namespace Viggotech.Core.Backups;

/// <summary>Writes the enum as its camelCase name (<c>"running"</c>, <c>"ready"</c>), as the Api's clients read states.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
