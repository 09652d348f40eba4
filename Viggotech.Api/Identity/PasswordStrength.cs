using Viggotech.Core.Identity;

namespace Viggotech.Api.Identity;

/// <summary>
/// Judges a password against a tenant's policy with zxcvbn, whose built-in dictionaries hold the
/// most common and most breached passwords, names and words; user inputs (email, organisation)
/// count against the password too.
/// </summary>
public static class PasswordStrength
{
    public const int MaxLength = 128;

    public static PasswordVerdict Evaluate(string password, TenantSecurityPolicy policy, params string?[] userInputs)
    {
        if (password.Length < policy.PasswordMinLength)
        {
            return new(false, 0, $"Use at least {policy.PasswordMinLength} characters.");
        }

        if (password.Length > MaxLength)
        {
            return new(false, 0, $"Use at most {MaxLength} characters.");
        }

        var inputs = userInputs.Where(input => !string.IsNullOrWhiteSpace(input)).SelectMany(input => input!.Split('@', ' ', '.')).ToList();
        var result = global::Zxcvbn.Zxcvbn.MatchPassword(password, inputs);
        if (result.Score < policy.PasswordMinScore)
        {
            return new(false, result.Score,
                $"This password is too common or too easy to guess (it could be cracked in {result.CrackTimeDisplay}). Try a longer phrase of unrelated words.");
        }

        return new(true, result.Score, null);
    }
}

public sealed record PasswordVerdict(bool Accepted, int Score, string? Problem);
