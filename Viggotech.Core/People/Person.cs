using System.Text.Json.Serialization;

namespace Viggotech.Core.People;

/// <summary>
/// A person of the tenant's directory, decrypted. In a list, a row whose stored fields fail their
/// integrity check is <see cref="Unreadable"/>: only its id and times, no field, so one damaged
/// row does not hide the others (the failure is already in the audit trail).
/// </summary>
public sealed record Person(
    Guid Id,
    string Name,
    string? Email,
    string? Phone,
    DateOnly? DateOfBirth,
    string? Address,
    string? Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Unreadable = false)
{
    /// <summary>A row whose fields could not be decrypted: nothing of them is kept.</summary>
    public static Person Damaged(Guid id, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(id, "", null, null, null, null, null, createdAt, updatedAt, Unreadable: true);
}
