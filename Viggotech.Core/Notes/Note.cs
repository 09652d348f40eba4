using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Notes;

/// <summary>A short free-text note kept by a tenant.</summary>
public sealed class Note : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
