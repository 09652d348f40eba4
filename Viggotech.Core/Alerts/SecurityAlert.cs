using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Alerts;

/// <summary>Something a tenant's security administrators should look at, shown in the portal and emailed to them.</summary>
public sealed class SecurityAlert : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>One of <see cref="SecurityAlertKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Who or what it is about: an account's email, an address, a role.</summary>
    public required string Subject { get; init; }

    /// <summary>Facts about the alert as a JSON object of strings.</summary>
    public required string Details { get; init; }
}
