using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

/// <summary>A tenant's sign-in rules. A tenant without a row has <see cref="Default"/>.</summary>
public sealed class TenantSecurityPolicy : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>One of <see cref="MfaRequirements"/>.</summary>
    public string MfaRequirement { get; set; } = MfaRequirements.Optional;

    /// <summary>Admins must sign in with a passkey (phishing-resistant); passwords and codes are not enough for them.</summary>
    public bool PasskeyOnlyForAdmins { get; set; }

    /// <summary>Days a user who must enrol MFA may still sign in without it, counted from when the requirement began.</summary>
    public int EnrolmentGraceDays { get; set; }

    /// <summary>When the current MFA requirement took effect; the grace period runs from here.</summary>
    public DateTimeOffset? MfaRequiredSince { get; set; }

    public int PasswordMinLength { get; set; } = 12;

    /// <summary>zxcvbn score 0-4 a new password must reach.</summary>
    public int PasswordMinScore { get; set; } = 3;

    /// <summary>How many previous passwords may not be reused (0 = no history).</summary>
    public int PasswordHistoryCount { get; set; } = 5;

    /// <summary>Days after which a password must be changed; null = never.</summary>
    public int? PasswordMaxAgeDays { get; set; }

    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public DateTimeOffset UpdatedAt { get; set; }

    public static TenantSecurityPolicy Default(Guid tenantId) => new() { TenantId = tenantId };
}

public static class MfaRequirements
{
    public const string Optional = "optional";
    public const string Admins = "admins";
    public const string Everyone = "everyone";

    public static readonly IReadOnlyList<string> All = [Optional, Admins, Everyone];
}
