using Microsoft.AspNetCore.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

// Identity's per-user rows, each carrying its tenant so row-level security walls them like the users themselves.

public sealed class UserToken : IdentityUserToken<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }
}

public sealed class UserClaim : IdentityUserClaim<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }
}

public sealed class UserLogin : IdentityUserLogin<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }
}

public sealed class UserPasskey : IdentityUserPasskey<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }
}
