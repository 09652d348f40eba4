using System.Globalization;

namespace Viggotech.Core.People;

/// <summary>What a user enters for a person; <see cref="Validate"/> gives field errors keyed by property name.</summary>
public sealed record PersonInput(
    string Name,
    string? Email = null,
    string? Phone = null,
    DateOnly? DateOfBirth = null,
    string? Address = null,
    string? Notes = null)
{
    public const int NameMaxLength = 200;
    public const int PhoneMaxLength = 32;
    public const int AddressMaxLength = 500;
    public const int NotesMaxLength = 4000;

    public IReadOnlyDictionary<string, string[]> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors[nameof(Name)] = ["Enter a name."];
        }
        else if (Name.Trim().Length > NameMaxLength)
        {
            errors[nameof(Name)] = [$"The name can be at most {NameMaxLength} characters."];
        }

        if (!string.IsNullOrWhiteSpace(Email) && !EmailAddress.IsValid(Email))
        {
            errors[nameof(Email)] = ["Enter an email address like name@example.com."];
        }

        if (!string.IsNullOrWhiteSpace(Phone) && !IsPhone(Phone.Trim()))
        {
            errors[nameof(Phone)] = [$"Enter a phone number of digits, spaces and + ( ) - . / (at most {PhoneMaxLength} characters)."];
        }

        if (DateOfBirth is { } born && (born > today || born < new DateOnly(1900, 1, 1)))
        {
            errors[nameof(DateOfBirth)] = ["Enter a date of birth between 1900-01-01 and today."];
        }

        if (Address?.Trim().Length > AddressMaxLength)
        {
            errors[nameof(Address)] = [$"The address can be at most {AddressMaxLength} characters."];
        }

        if (Notes?.Trim().Length > NotesMaxLength)
        {
            errors[nameof(Notes)] = [$"The notes can be at most {NotesMaxLength} characters."];
        }

        return errors;
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly? ParseDate(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsPhone(string phone) =>
        phone.Length <= PhoneMaxLength
        && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '-' or '.' or '/')
        && phone.Count(char.IsAsciiDigit) >= 3;
}
