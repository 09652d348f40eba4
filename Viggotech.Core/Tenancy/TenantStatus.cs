namespace Viggotech.Core.Tenancy;

public enum TenantStatus
{
    Active,
    Suspended,
    Closed,
}
