namespace Viggotech.Core.Tenancy;

/// <summary>A customer organisation. Rows are created only through <c>create_tenant</c> (see <see cref="TenantSignUp"/>).</summary>
public sealed class Tenant
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    public required string Slug { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public TenantStatus Status { get; set; }
}
