using Viggotech.Core.Identity;

namespace Viggotech.Api.Roles;

public static class CallerAccess
{
    /// <summary>The caller's roles and permissions as the permission check read them for this request.</summary>
    public static UserAccess Access(this HttpContext context) =>
        context.Items[typeof(UserAccess)] as UserAccess
        ?? throw new InvalidOperationException("The endpoint must declare a permission so the caller's access is known.");
}
