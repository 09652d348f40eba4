using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

/// <summary>One sign-in attempt against a known account: the history that monitoring and audit read.</summary>
public sealed class SignInEvent : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public Guid UserId { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>One of <see cref="SignInOutcomes"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Why it failed (<see cref="SignInFailureReasons"/>), or null on success.</summary>
    public string? Reason { get; init; }

    /// <summary>password, totp, recovery-code or passkey: the factors that were presented.</summary>
    public string? Method { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }
}

public static class SignInOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string LockedOut = "locked-out";
}

public static class SignInFailureReasons
{
    public const string WrongPassword = "wrong-password";
    public const string SessionLimit = "session-limit";
    public const string LockedOut = "locked-out";
    public const string EmailNotConfirmed = "email-not-confirmed";
    public const string WrongMfaCode = "wrong-mfa-code";
    public const string ReplayedMfaCode = "replayed-mfa-code";
    public const string PasskeyRejected = "passkey-rejected";
    public const string IpNotAllowed = "ip-not-allowed";
}
