using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Viggotech.Web.SignIn;

/// <summary>
/// Keeps the sign-in ticket (claims and the user's tokens) in Redis; the browser's cookie holds
/// only a random reference. Tickets are encrypted with the portal's Data Protection keys before
/// they are written, so Redis never holds a usable token in the clear.
/// </summary>
public sealed class RedisTicketStore(IDistributedCache cache, IDataProtectionProvider protection) : ITicketStore
{
    private const string Prefix = "portal-ticket:";

    private IDataProtector Protector => protection.CreateProtector("portal-ticket");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var expires = ticket.Properties.ExpiresUtc ?? DateTimeOffset.UtcNow.AddHours(12);
        return cache.SetAsync(Prefix + key, Protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            new DistributedCacheEntryOptions { AbsoluteExpiration = expires });
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var value = await cache.GetAsync(Prefix + key);
        if (value is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(Protector.Unprotect(value));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(Prefix + key);
}
