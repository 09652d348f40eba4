namespace Viggotech.Core.Tenancy;

public static class TenantClaimTypes
{
    /// <summary>The claim, issued by the Api's authorization server, that names the user's tenant.</summary>
    public const string TenantId = "tenant_id";
}
