namespace Viggotech.Web.Api;

// The Api's answers as the portal reads them.

public sealed record AccountSummary(string Email, string Role, string Organisation, bool AuthenticatorEnabled, int RecoveryCodesLeft,
    IReadOnlyList<PasskeySummary> Passkeys, bool MfaRequired, DateTimeOffset? PasswordChangedAt);

/// <summary>The signed-in user's roles and permissions as the Api reports them now, and whether this session may operate the platform.</summary>
public sealed record AccountAccess(IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, bool Operator = false)
{
    /// <summary>Not a tenant permission: the operator pages' gate, true for operators signed in with a second factor.</summary>
    public const string OperatePlatform = "platform.operate";

    public bool Can(string permission) => permission == OperatePlatform ? Operator : Permissions.Contains(permission);
}

public sealed record OperatorAlertView(long Id, DateTimeOffset RaisedAt, string Kind, Guid? TenantId, string Subject, string Message);

public sealed record DrillStepView(string Name, DateTimeOffset StartedAt, long DurationMs, bool Succeeded, string? Detail);

public sealed record DrillReportView(
    Guid Id, string Kind, string FromRegion, string ToRegion, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    long AcknowledgedWrites, long LostWrites, long? RecoveryMs, bool Succeeded, string? Error, IReadOnlyList<DrillStepView> Steps);

public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record AuthenticatorSetup(string SetupKey, string Uri, string QrCodeDataUri);

public sealed record RecoveryCodeList(IReadOnlyList<string> Codes);

public sealed record SignInSummary(DateTimeOffset OccurredAt, string Outcome, string? Reason, string? Method, string? IpAddress, string? UserAgent);

public sealed record SecurityPolicyView(
    string MfaRequirement, bool PasskeyOnlyForAdmins, int EnrolmentGraceDays, DateTimeOffset? MfaRequiredSince,
    int PasswordMinLength, int PasswordMinScore, int PasswordHistoryCount, int? PasswordMaxAgeDays,
    int LockoutThreshold, int LockoutMinutes, int Users, int NonCompliantUsers);

public sealed record InvitationView(Guid UserId, string Email, string Role);
