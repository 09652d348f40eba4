using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Workspace;

/// <summary>
/// A tenant's choices for its workspace data: the document upload limit and how often its keys
/// rotate. A tenant without a row has <see cref="Default"/>.
/// </summary>
public sealed class TenantDataSettings : ITenantOwned
{
    public const int DefaultKeyRotationDays = 90;
    public const int MinKeyRotationDays = 1;
    public const int MaxKeyRotationDays = 730;
    public const long MaxUploadLimitBytes = 10L * 1024 * 1024 * 1024;

    public Guid TenantId { get; set; }

    /// <summary>Largest document accepted; null = the platform default (<c>Documents:DefaultMaxUploadBytes</c>, 100 MB).</summary>
    public long? MaxUploadBytes { get; set; }

    /// <summary>Days after which the Worker rotates the tenant's keys on its own.</summary>
    public int KeyRotationDays { get; set; } = DefaultKeyRotationDays;

    public DateTimeOffset UpdatedAt { get; set; }

    public static TenantDataSettings Default(Guid tenantId) => new() { TenantId = tenantId };
}
