namespace Viggotech.Core.Audit;

/// <summary>Who acted. Written in the format as the lowercase name.</summary>
public enum AuditActorType
{
    /// <summary>A signed-in tenant user.</summary>
    User,

    /// <summary>A third-party application using an OAuth token a tenant admin approved.</summary>
    App,

    /// <summary>A Viggotech operator acting on the tenant.</summary>
    Operator,

    /// <summary>The platform itself (scheduled jobs such as retention and sealing).</summary>
    System,
}
