using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity.Roles;

/// <summary>A role an organisation defines itself, built from the permission catalogue.</summary>
public sealed class CustomRole : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Names from <see cref="Identity.Permissions"/>; checked against the catalogue before saving.</summary>
    public List<string> Permissions { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
