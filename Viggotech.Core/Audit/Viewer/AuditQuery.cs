namespace Viggotech.Core.Audit.Viewer;

/// <summary>
/// What the viewer asks for: each filter narrows the result, and null means "any".
/// <see cref="Actor"/> is an actor id or a user's email address; <see cref="Action"/> is an action
/// or, ending in <c>.*</c>, a family (<c>user.*</c>); <see cref="Target"/> is a target id;
/// <see cref="From"/> is inclusive and <see cref="To"/> exclusive. Pages go from newest to oldest:
/// <see cref="Before"/> is the sequence number the previous page ended at.
/// </summary>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Target = null,
    string? Result = null,
    string? Ip = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? Before = null,
    int Limit = AuditQuery.DefaultLimit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
