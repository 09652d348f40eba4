namespace Viggotech.Core.Tenancy;

/// <summary>
/// An entity stored in a table with a <c>tenant_id</c> column. The context filters queries on it
/// and stamps new rows with the current tenant; row-level security in the database enforces both.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
