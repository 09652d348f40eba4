namespace Viggotech.Core.Identity;

/// <summary>
/// A failed sign-in for an email address that no account has. It belongs to no tenant, so it is
/// kept apart from <see cref="SignInEvent"/>; the address itself is not stored.
/// </summary>
public sealed class UnknownAccountSignIn
{
    public Guid Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }
}
