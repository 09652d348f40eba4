namespace Viggotech.Api.Sessions;

/// <summary>
/// A signed-in session. Its id travels in every token as <c>sid</c>; a token whose session is gone,
/// idle longer than <see cref="IdleTimeout"/> or past <see cref="ExpiresAt"/> is refused.
/// </summary>
public sealed record SessionRecord(
    string Id,
    Guid UserId,
    Guid TenantId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    string? IpAddress,
    string? UserAgent,
    string MfaMethod,
    string Device = "Unknown device",
    string Browser = "Unknown browser",
    TimeSpan? IdleTimeout = null,
    DateTimeOffset? ExpiresAt = null)
{
    /// <summary>This session under <paramref name="limits"/> where they are stricter than the ones it started with.</summary>
    public SessionRecord Tightened(SessionLimits limits) => this with
    {
        IdleTimeout = IdleTimeout is { } idle && idle <= limits.Idle ? idle : limits.Idle,
        ExpiresAt = ExpiresAt is { } end && end <= CreatedAt + limits.Absolute ? end : CreatedAt + limits.Absolute,
    };

    public bool IsLive(DateTimeOffset now) =>
        (ExpiresAt is not { } end || now < end) && (IdleTimeout is not { } idle || now - LastSeenAt < idle);
}

/// <summary>What is known about a session when it starts, and the tenant's limits for it.</summary>
public sealed record SessionStart(Guid UserId, Guid TenantId, string? IpAddress, string? UserAgent, string MfaMethod)
{
    public SessionLimits Limits { get; init; } = SessionLimits.Default;
}

/// <summary>The tenant's session policy as the store applies it.</summary>
public sealed record SessionLimits(TimeSpan Idle, TimeSpan Absolute, int? MaxPerUser, bool RefuseNew)
{
    public static readonly SessionLimits Default = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(12), null, false);

    /// <summary>The longest absolute lifetime a policy may set; sign-in cookies last this long and defer to the session.</summary>
    public static readonly TimeSpan LongestAbsolute = TimeSpan.FromHours(24);

    public static SessionLimits From(Viggotech.Core.Identity.TenantSecurityPolicy policy) =>
        new(TimeSpan.FromMinutes(policy.SessionIdleMinutes), TimeSpan.FromHours(policy.SessionAbsoluteHours),
            policy.MaxSessionsPerUser, policy.SessionLimitBehaviour == Viggotech.Core.Identity.SessionLimitBehaviours.RefuseNew);
}

/// <summary>A sign-in beyond the tenant's session limit, under "refuse the new one".</summary>
public sealed class SessionLimitReachedException() : Exception("The user already has the most sessions the organisation allows.");
