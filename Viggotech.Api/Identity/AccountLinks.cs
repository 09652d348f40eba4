using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Single-use emailed links. The token (256 random bits) exists only in the email; the database
/// keeps its SHA-256. The tenant id travels in the link so the lookup runs under that tenant's
/// row-level security; a wrong tenant simply finds nothing.
/// </summary>
public sealed class AccountLinks(PlatformDbContext db, TimeProvider clock, IConfiguration configuration)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan InvitationLifetime = AccountLink.InvitationLifetime;
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    /// <summary>Creates a link and returns its URL; any earlier unused link of the same purpose for the user stops working.</summary>
    public async Task<string> CreateAsync(User user, string purpose, TimeSpan lifetime, string path, HttpRequest request, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await db.AccountLinks
            .Where(link => link.UserId == user.Id && link.Purpose == purpose && link.UsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(link => link.UsedAt, now), cancellationToken);

        var (link, token) = AccountLink.Issue(user, purpose, now, lifetime);
        db.AccountLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        return AccountLink.Url(configuration["Identity:Issuer"] ?? $"{request.Scheme}://{request.Host}", path, link, token);
    }

    /// <summary>The link's user if the link is valid (right purpose, unused, unexpired), without using it up.</summary>
    public async Task<LinkCheck> CheckAsync(string purpose, string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return LinkCheck.Invalid;
        }

        var hash = Hash(token);
        var link = await db.AccountLinks.AsNoTracking()
            .SingleOrDefaultAsync(l => l.TokenHash == hash && l.Purpose == purpose, cancellationToken);
        if (link is null)
        {
            return LinkCheck.Invalid;
        }

        if (link.UsedAt is not null)
        {
            return LinkCheck.Used;
        }

        return link.ExpiresAt <= clock.GetUtcNow() ? LinkCheck.Expired : new LinkCheck(LinkState.Valid, link.UserId);
    }

    /// <summary>Uses the link up. Returns false if another request used it first.</summary>
    public async Task<bool> ConsumeAsync(string purpose, string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        var updated = await db.AccountLinks
            .Where(l => l.TokenHash == hash && l.Purpose == purpose && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAt, now), cancellationToken);
        return updated == 1;
    }

    public static byte[] Hash(string token) => AccountLink.HashToken(token);
}

public enum LinkState
{
    Valid,
    Invalid,
    Used,
    Expired,
}

public sealed record LinkCheck(LinkState State, Guid UserId)
{
    public static readonly LinkCheck Invalid = new(LinkState.Invalid, Guid.Empty);
    public static readonly LinkCheck Used = new(LinkState.Used, Guid.Empty);
    public static readonly LinkCheck Expired = new(LinkState.Expired, Guid.Empty);

    public string Message => State switch
    {
        LinkState.Used => "This link has already been used. Each link works once.",
        LinkState.Expired => "This link has expired. Ask for a new one.",
        LinkState.Invalid => "This link is not valid. Check that you copied all of it, or ask for a new one.",
        _ => "",
    };
}
