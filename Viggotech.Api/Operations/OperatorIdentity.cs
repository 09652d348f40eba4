using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Operations;

/// <summary>Who the signed-in operator is, as operator actions record it: their account's email (the operator list's key).</summary>
public static class OperatorIdentity
{
    /// <summary>Only behind the operator policy, which has established there is a signed-in user.</summary>
    public static async Task<string> EmailAsync(HttpContext context, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var userId = Guid.Parse(context.User.FindFirst("sub")!.Value);
        return await db.Set<User>().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken) ?? userId.ToString();
    }
}
