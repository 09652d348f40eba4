using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

/// <summary>A previous password hash, kept so a policy can refuse reusing the last N passwords.</summary>
public sealed class PasswordHistoryEntry : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public Guid UserId { get; init; }

    public required string PasswordHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
