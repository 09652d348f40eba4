namespace Viggotech.Api.Sessions;

/// <summary>A session as its user or an admin sees it; <see cref="Current"/> marks the one making the request.</summary>
public sealed record SessionView(
    string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset? ExpiresAt,
    string? IpAddress, string Device, string Browser, string MfaMethod, bool Current)
{
    public static SessionView From(SessionRecord session, string? currentId) => new(
        session.Id, session.CreatedAt, session.LastSeenAt, session.ExpiresAt, session.IpAddress,
        session.Device, session.Browser, session.MfaMethod, session.Id == currentId);
}

public sealed record SessionsEnded(int Ended);

public sealed record SessionPolicyView(int IdleMinutes, int AbsoluteHours, int? MaxSessionsPerUser, string LimitBehaviour);

public sealed record SessionPolicyInput(int IdleMinutes, int AbsoluteHours, int? MaxSessionsPerUser, string? LimitBehaviour)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (IdleMinutes is < 5 or > 1440)
        {
            errors["idleMinutes"] = ["The idle timeout is 5 to 1440 minutes."];
        }

        if (AbsoluteHours is < 1 or > 24)
        {
            errors["absoluteHours"] = ["The absolute lifetime is 1 to 24 hours."];
        }
        else if (IdleMinutes > AbsoluteHours * 60)
        {
            errors["idleMinutes"] = ["The idle timeout cannot be longer than the absolute lifetime."];
        }

        if (MaxSessionsPerUser is < 1 or > 100)
        {
            errors["maxSessionsPerUser"] = ["Allow 1 to 100 sessions per user, or leave it empty for no limit."];
        }

        if (LimitBehaviour is null || !Core.Identity.SessionLimitBehaviours.All.Contains(LimitBehaviour))
        {
            errors["limitBehaviour"] = ["Choose refuse-new or end-oldest."];
        }

        return errors;
    }
}
