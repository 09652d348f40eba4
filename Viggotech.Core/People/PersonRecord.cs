using Viggotech.Core.Tenancy;

namespace Viggotech.Core.People;

/// <summary>
/// A row of <c>people</c> as stored: every personal field is an encrypted envelope (see
/// <see cref="PeopleTable"/>) and the email is findable only through its blind index.
/// Read and written through <see cref="PeopleRepository"/>, which encrypts and decrypts.
/// </summary>
public sealed class PersonRecord : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required byte[] Name { get; set; }

    public byte[]? Email { get; set; }

    public byte[]? EmailIndex { get; set; }

    /// <summary>One blind-index token per word of the name (<see cref="PersonName"/>), for name search.</summary>
    public byte[][] NameTokens { get; set; } = [];

    public byte[]? Phone { get; set; }

    public byte[]? DateOfBirth { get; set; }

    public byte[]? Address { get; set; }

    public byte[]? Notes { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
