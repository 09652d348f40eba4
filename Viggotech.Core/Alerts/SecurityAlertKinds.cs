namespace Viggotech.Core.Alerts;

/// <summary>The alerts the platform raises. Names are stable: they are stored, audited and shown to admins.</summary>
public static class SecurityAlertKinds
{
    /// <summary>Several failed sign-ins against one account in a short time.</summary>
    public const string RepeatedFailuresForAccount = "repeated_failures_account";

    /// <summary>Several failed sign-ins from one address (against any of the tenant's accounts) in a short time.</summary>
    public const string RepeatedFailuresFromAddress = "repeated_failures_address";

    public const string AccountLocked = "account_locked";

    /// <summary>A role that grants administrative rights was given to someone.</summary>
    public const string AdminRoleGranted = "admin_role_granted";

    public const string IpListChanged = "ip_list_changed";

    /// <summary>A second factor (authenticator app, passkey) was removed or reset.</summary>
    public const string MfaRemoved = "mfa_removed";

    /// <summary>"Contain user" ended a user's sessions and required a password reset.</summary>
    public const string UserContained = "user_contained";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RepeatedFailuresForAccount] = "Repeated failed sign-ins to one account",
        [RepeatedFailuresFromAddress] = "Repeated failed sign-ins from one address",
        [AccountLocked] = "Account locked after failed sign-ins",
        [AdminRoleGranted] = "Administrative role granted",
        [IpListChanged] = "IP restrictions changed",
        [MfaRemoved] = "Two-step verification removed or reset",
        [UserContained] = "User contained",
    };

    public static bool Exists(string kind) => Titles.ContainsKey(kind);
}
