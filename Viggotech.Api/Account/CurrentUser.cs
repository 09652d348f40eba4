using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Account;

public static class CurrentUser
{
    /// <summary>The signed-in user, loaded under the tenant the token names (row-level security applies).</summary>
    public static async Task<User?> LoadAsync(this UserManager<User> users, ClaimsPrincipal principal) =>
        principal.FindFirstValue("sub") is { } id ? await users.FindByIdAsync(id) : null;
}
