using Viggotech.Core.Tenancy;

namespace Viggotech.Core.IpRestrictions;

/// <summary>A request or sign-in from an address outside the tenant's allow list: refused, or let through in report-only mode.</summary>
public sealed class IpBlockedAttempt : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public DateTimeOffset OccurredAt { get; init; }

    public required string IpAddress { get; init; }

    public Guid? UserId { get; init; }

    /// <summary>sign-in, api or portal.</summary>
    public required string Channel { get; init; }

    /// <summary>False for a would-be block recorded in report-only mode.</summary>
    public bool Enforced { get; init; }
}
