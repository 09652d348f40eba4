namespace Viggotech.Core.People;

/// <summary>A person of the tenant's directory, decrypted.</summary>
public sealed record Person(
    Guid Id,
    string Name,
    string? Email,
    string? Phone,
    DateOnly? DateOfBirth,
    string? Address,
    string? Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
