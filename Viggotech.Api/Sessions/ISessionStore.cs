namespace Viggotech.Api.Sessions;

/// <summary>
/// The authoritative list of signed-in sessions (Redis). Removing a session ends it everywhere:
/// the Api refuses its access tokens on the next request and its refresh tokens at the next refresh.
/// </summary>
public interface ISessionStore
{
    Task<SessionRecord> CreateAsync(SessionStart start, CancellationToken cancellationToken = default);

    Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Records activity; written at most once a minute per session so reads stay cheap.</summary>
    Task TouchAsync(SessionRecord session, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SessionRecord>> ListForUserAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of a user (password reset, account disabled). Returns how many ended.</summary>
    Task<int> RemoveAllForUserAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a tightened policy to a user's existing sessions: shorter idle and absolute limits end
    /// them on their next request; beyond the session limit, the oldest (or, under "refuse new", the
    /// newest) sessions end now. Returns how many ended now.
    /// </summary>
    Task<int> ApplyLimitsAsync(Guid tenantId, Guid userId, SessionLimits limits, CancellationToken cancellationToken = default);
}
