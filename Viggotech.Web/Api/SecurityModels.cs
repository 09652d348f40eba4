namespace Viggotech.Web.Api;

// The Api's answers about IP restrictions, alerts and account activity, as the portal reads them.

public sealed record IpRestrictionsView(string Mode, IReadOnlyList<IpRangeView> Ranges, string? YourAddress, bool YourAddressInList);

public sealed record IpRangeView(Guid Id, string Cidr, string Label, DateTimeOffset CreatedAt);

public sealed record IpRangeInput(string Cidr, string Label);

/// <summary>A change to the allow list; carried through the confirmation step when it would lock the admin out.</summary>
public sealed record IpRestrictionsChange(string Mode, IReadOnlyList<IpRangeInput> Ranges);

public sealed record IpCheckResult(string Address, string Mode, bool InList, string? MatchedRange, string? MatchedLabel, string Decision);

public sealed record BlockedAttemptView(DateTimeOffset OccurredAt, string IpAddress, string Channel, bool Enforced, Guid? UserId);

public sealed record SecurityAlertView(Guid Id, DateTimeOffset RaisedAt, string Kind, string Title, string Subject, IReadOnlyDictionary<string, string> Details);

public sealed record ActivityView(IReadOnlyList<ActivityUser> Users, IReadOnlyList<ActivitySignIn> SignIns);

public sealed record ActivityUser(Guid Id, string Email);

public sealed record ActivitySignIn(DateTimeOffset OccurredAt, Guid UserId, string Email, string Outcome, string? Reason, string? Method, string? IpAddress, string Device, string? UserAgent);
