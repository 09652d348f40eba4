namespace Viggotech.Api.Sessions;

/// <summary>A signed-in session. Its id travels in every token as <c>sid</c>; a token whose session is gone is refused.</summary>
public sealed record SessionRecord(
    string Id,
    Guid UserId,
    Guid TenantId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    string? IpAddress,
    string? UserAgent,
    string MfaMethod);

/// <summary>What is known about a session when it starts.</summary>
public sealed record SessionStart(Guid UserId, Guid TenantId, string? IpAddress, string? UserAgent, string MfaMethod);
